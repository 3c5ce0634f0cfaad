// How many slots of each feed page go to exploration, and among how many uncertain candidates they
// are drawn (configuration section "Recommender:Exploration").
namespace Recommender.Server.Api;

public sealed record ExplorationSettings
{
    /// <summary>The largest share allowed: beyond half the page, exploration would be the page.</summary>
    public const double MaxShare = 0.5;

    /// <summary>Share of a page's slots given to exploration, rounded down (0.1 and 20 items: 2 slots); 0 turns it off.</summary>
    public double Share { get; init; } = 0.1;

    /// <summary>How many of the most uncertain candidates below the page's cut the exploratory items are drawn from.</summary>
    public int Candidates { get; init; } = 10;

    public static ExplorationSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender:Exploration");
        var defaults = new ExplorationSettings();
        var settings = new ExplorationSettings
        {
            Share = section.GetValue("Share", defaults.Share),
            Candidates = section.GetValue("Candidates", defaults.Candidates),
        };
        if (!(settings.Share is >= 0 and <= MaxShare) || settings.Candidates < 1)
        {
            throw new InvalidOperationException($"Recommender:Exploration:Share must be between 0 and {MaxShare}, and Candidates at least 1.");
        }
        return settings;
    }
}
