// `report ab`: the Wilson interval against hand-computed figures, and the join of feedback to impressions per variant.
using Recommender.Training.Data;
using Recommender.Training.Evaluation;

namespace Recommender.Training.Tests.Evaluation;

public sealed class AbReportTests
{
    [Fact]
    public void The_wilson_interval_of_ten_in_a_hundred_matches_the_hand_computed_one()
    {
        // By hand, z = 1.959964: z²/n = 0.0384146; centre = (0.1 + 0.0192073) / 1.0384146 = 0.1147972;
        // half = 1.959964 / 1.0384146 × sqrt(0.0009 + 0.0000960) = 0.059568 → [0.05523, 0.17437].
        var p = Proportion.Wilson(10, 100);

        Assert.Equal(0.1, p.Rate, 12);
        Assert.Equal(0.05523, p.Low, 5);
        Assert.Equal(0.17437, p.High, 5);
    }

    [Fact]
    public void No_successes_give_a_lower_bound_of_zero_and_no_trials_give_the_whole_range()
    {
        var none = Proportion.Wilson(0, 50);
        Assert.Equal(0, none.Low, 12);
        // z² / (n + z²) = 3.841459 / 53.841459.
        Assert.Equal(0.071348, none.High, 5);

        var empty = Proportion.Wilson(0, 0);
        Assert.True(double.IsNaN(empty.Rate));
        Assert.Equal((0.0, 1.0), (empty.Low, empty.High));
    }

    [Fact]
    public void Feedback_counts_once_for_the_impression_before_it_in_the_variant_of_that_impression()
    {
        var t = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        LogEvent Shown(string user, string paper, int minute, string variant) => new()
        { Type = LogEvent.Impression, Ts = t.AddMinutes(minute), UserId = user, PaperId = paper, Variant = variant };
        LogEvent Did(string user, string paper, int minute, string kind) => new()
        { Type = LogEvent.Feedback, Ts = t.AddMinutes(minute), UserId = user, PaperId = paper, Kind = kind };

        var outcomes = AbReport.Compute([
            Shown("ann", "p1", 0, "a"), Did("ann", "p1", 1, "click"), Did("ann", "p1", 2, "click"), Did("ann", "p1", 3, "save"),
            Shown("ann", "p2", 0, "a"),
            Shown("bob", "p1", 0, "b"), Did("bob", "p1", 5, "hide"),
            Shown("bob", "p2", 10, "b"), Did("bob", "p2", 11, "click"), Shown("bob", "p2", 20, "b"),
            Did("cat", "p9", 1, "click"),
            new LogEvent { Type = LogEvent.Unsubscribe, Ts = t, UserId = "ann", PaperId = "", Kind = "topic" },
        ]);

        Assert.Equal(["a", "b"], outcomes.Select(o => o.Variant));
        var a = outcomes[0];
        Assert.Equal((2L, 1L, 1L, 0L), (a.Impressions, a.Click.Successes, a.Save.Successes, a.Hide.Successes));
        var b = outcomes[1];
        Assert.Equal((3L, 1L, 0L, 1L), (b.Impressions, b.Click.Successes, b.Save.Successes, b.Hide.Successes));
        Assert.Equal(1.0 / 3, b.Click.Rate, 12);
    }
}
