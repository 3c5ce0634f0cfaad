// `recommender report explore --logs FILE` (the real tool, as a child process): the weighted click rate of
// exploratory slots beside the ranked slots' one, and what it left out.
using Recommender.Digests.Tests.EndToEnd;
using System.Text.RegularExpressions;
using Recommender.Training.Data;

namespace Recommender.Cli.Tests.Data;

public sealed class ReportExploreCommandTests
{
    [Fact]
    public async Task Report_explore_prints_both_kinds_of_slot_with_their_weighted_rates()
    {
        var directory = Directory.CreateTempSubdirectory("recommender-explore-").FullName;
        var logs = Path.Combine(directory, "events.jsonl");
        var t = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        LogEvent Shown(string paper, bool exploratory, double? propensity) => new()
        { Type = LogEvent.Impression, Ts = t, UserId = "ann", PaperId = paper, Exploratory = propensity is null ? null : exploratory, Propensity = propensity };
        LogEvent Clicked(string paper) => new() { Type = LogEvent.Feedback, Ts = t.AddMinutes(1), UserId = "ann", PaperId = paper, Kind = "click" };
        EventLog.WriteFile(logs, [
            Shown("e1", true, 0.1), Clicked("e1"), Shown("e2", true, 0.1), Shown("e3", true, 0.2),
            Shown("r1", false, 1), Clicked("r1"), Shown("r2", false, 1), Shown("r3", false, 1), Shown("r4", false, 1),
            Shown("old", false, null),
        ]);

        using var tool = CliProcess.Start("report", "explore", "--logs", logs);
        Assert.Equal(0, await tool.WaitAsync());
        var output = tool.Output;
        // Exploratory: 10 / (10 + 10 + 5) = 40%; ranked: 1 of 4; the difference 15 points.
        Assert.Matches(@"exploratory\W+3\W+1\W+40\.0%\W+2\.8\W", output);
        Assert.Matches(@"ranked\W+4\W+1\W+25\.0%\W+4\W", output);
        Assert.Matches(@"difference\W+15\.0%", output);
        Assert.Contains("1 impressions without a propensity left out", Regex.Replace(output, @"\s+", " "));
        Directory.Delete(directory, recursive: true);
    }
}
