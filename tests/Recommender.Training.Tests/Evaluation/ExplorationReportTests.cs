// `report explore`: the inverse-propensity-weighted click rate of exploratory slots and the plain one
// of ranked slots, against figures computed by hand, and impressions without a propensity left out.
using Recommender.Training.Data;
using Recommender.Training.Evaluation;

namespace Recommender.Training.Tests.Evaluation;

public sealed class ExplorationReportTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static LogEvent Shown(string paper, bool? exploratory, double? propensity, float? predicted = null) => new()
    {
        Type = LogEvent.Impression, Ts = T, UserId = "ann", PaperId = paper, Exploratory = exploratory, Propensity = propensity,
        TaskScores = predicted is { } p ? new Dictionary<string, float> { ["click"] = p } : null,
    };

    private static LogEvent Clicked(string paper) => new() { Type = LogEvent.Feedback, Ts = T.AddMinutes(1), UserId = "ann", PaperId = paper, Kind = "click" };

    [Fact]
    public void Exploratory_clicks_are_weighted_by_the_inverse_propensity_and_ranked_ones_counted_plainly()
    {
        var outcome = ExplorationReport.Compute([
            // Exploratory: weights 10, 10, 5; one of the weight-10 ones clicked.
            Shown("e1", true, 0.1, 0.5f), Clicked("e1"), Shown("e2", true, 0.1, 0.4f), Shown("e3", true, 0.2),
            // Ranked: 1 of 4 clicked, a click twice counts once.
            Shown("r1", false, 1, 0.2f), Clicked("r1"), Clicked("r1"), Shown("r2", false, 1), Shown("r3", false, 1), Shown("r4", false, 1),
            // No propensity (an old client): left out, its click too.
            Shown("u1", null, null), Clicked("u1"),
        ]);

        var e = outcome.Exploratory;
        Assert.Equal((3L, 1L), (e.Impressions, e.Clicks));
        // 10 / (10 + 10 + 5); effective n = 25² / (100 + 100 + 25); linearized variance (100·0.6² + 100·0.4² + 25·0.4²) / 25².
        Assert.Equal(0.4, e.Rate, 12);
        Assert.Equal(625.0 / 225, e.EffectiveSize, 12);
        Assert.Equal(Math.Sqrt(56.0 / 625), e.StandardError, 12);
        Assert.Equal(0.45, e.MeanPredicted, 6);
        Assert.True(e.Low < 0.4 && e.High > 0.4 && e.Low >= 0 && e.High <= 1);

        var r = outcome.Ranked;
        Assert.Equal((4L, 1L), (r.Impressions, r.Clicks));
        // Equal weights: exactly report ab's Wilson interval.
        var wilson = Proportion.Wilson(1, 4);
        Assert.Equal(wilson.Rate, r.Rate, 12);
        Assert.Equal(wilson.Low, r.Low, 12);
        Assert.Equal(wilson.High, r.High, 12);
        Assert.Equal(1, outcome.Unlogged);

        Assert.Equal(0.15, outcome.Difference, 12);
        var half = Proportion.Z95 * Math.Sqrt(56.0 / 625 + 0.25 * 0.75 / 4);
        Assert.Equal(0.15 - half, outcome.DifferenceLow, 12);
        Assert.Equal(0.15 + half, outcome.DifferenceHigh, 12);
    }

    [Fact]
    public void A_log_without_exploratory_impressions_reports_no_rate_for_them()
    {
        var outcome = ExplorationReport.Compute([Shown("r1", false, 1)]);
        Assert.Equal(0, outcome.Exploratory.Impressions);
        Assert.True(double.IsNaN(outcome.Exploratory.Rate));
        Assert.True(double.IsNaN(outcome.Difference));
    }
}
