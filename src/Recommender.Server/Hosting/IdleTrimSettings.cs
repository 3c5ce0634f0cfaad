// When the server hands memory back after work (configuration section "Recommender:IdleTrim").
namespace Recommender.Server.Hosting;

public sealed record IdleTrimSettings
{
    /// <summary>How long the server must have been quiet; also how often it looks. Zero turns trimming off.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Quiet means allocating less than this many bytes per second over the window: the scale benchmark's
    /// idle phase (a feed read every ~10 ms) stays under it, its registration and fan-out phases do not.
    /// </summary>
    public long QuietAllocationRate { get; init; } = 16L << 20;

    public static IdleTrimSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender:IdleTrim");
        var defaults = new IdleTrimSettings();
        var settings = new IdleTrimSettings
        {
            Window = section.GetValue("Window", defaults.Window),
            QuietAllocationRate = section.GetValue("QuietAllocationRate", defaults.QuietAllocationRate),
        };
        if (settings.Window < TimeSpan.Zero || settings.QuietAllocationRate < 0)
        {
            throw new InvalidOperationException("Recommender:IdleTrim:Window and QuietAllocationRate must not be negative.");
        }
        return settings;
    }
}
