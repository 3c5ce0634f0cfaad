// When the idle trimmer runs a full, decommitting collection: only when quiet, and only after churn.
using Microsoft.Extensions.Configuration;
using Recommender.Server.Hosting;

namespace Recommender.Server.Tests.Hosting;

public sealed class IdleTrimPolicyTests
{
    private const long MB = 1 << 20;

    // 16 MB/s over 30 s: a window is quiet below 480 MB allocated.
    private static readonly IdleTrimSettings Settings = new() { Window = TimeSpan.FromSeconds(30), QuietAllocationRate = 16 * MB };

    [Fact]
    public void A_quiet_window_after_busy_ones_trims()
    {
        var policy = new IdleTrimPolicy(Settings);

        Assert.False(policy.ShouldTrim(3_000 * MB, 1_000 * MB));
        Assert.True(policy.ShouldTrim(100 * MB, 1_000 * MB));
    }

    [Fact]
    public void A_busy_window_never_trims_however_much_was_allocated()
    {
        var policy = new IdleTrimPolicy(Settings);

        Assert.False(policy.ShouldTrim(481 * MB, 1_000 * MB));
        Assert.False(policy.ShouldTrim(5_000 * MB, 1_000 * MB));
    }

    [Fact]
    public void Quiet_windows_do_not_trim_again_until_a_quarter_of_the_heap_left_after_the_last_trim_was_allocated()
    {
        var policy = new IdleTrimPolicy(Settings);
        Assert.True(policy.ShouldTrim(300 * MB, 1_000 * MB));
        policy.Trimmed(800 * MB);

        // A quarter of 800 MB is 200 MB: 3 × 60 MB is not enough, the fourth window is.
        Assert.False(policy.ShouldTrim(60 * MB, 800 * MB));
        Assert.False(policy.ShouldTrim(60 * MB, 800 * MB));
        Assert.False(policy.ShouldTrim(60 * MB, 800 * MB));
        Assert.True(policy.ShouldTrim(60 * MB, 800 * MB));
    }

    [Fact]
    public void A_small_heap_still_needs_64_MB_of_churn_between_trims()
    {
        var policy = new IdleTrimPolicy(Settings);
        policy.Trimmed(40 * MB);

        Assert.False(policy.ShouldTrim(63 * MB, 40 * MB));
        Assert.True(policy.ShouldTrim(1 * MB, 40 * MB));
    }

    [Fact]
    public void Settings_come_from_the_idle_trim_section_and_a_negative_window_is_refused()
    {
        var configured = IdleTrimSettings.From(Configuration(("Recommender:IdleTrim:Window", "00:01:00"), ("Recommender:IdleTrim:QuietAllocationRate", "1048576")));
        Assert.Equal(TimeSpan.FromMinutes(1), configured.Window);
        Assert.Equal(MB, configured.QuietAllocationRate);

        var error = Assert.Throws<InvalidOperationException>(() => IdleTrimSettings.From(Configuration(("Recommender:IdleTrim:Window", "-00:00:01"))));
        Assert.Contains("Recommender:IdleTrim:Window", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
