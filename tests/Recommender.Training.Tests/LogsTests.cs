using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests;

public sealed class LogsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Events_survive_a_json_lines_round_trip()
    {
        var events = new InteractionSimulator(new SimulationOptions(Users: 10, Days: 2, Seed: 3, PapersPerDay: 20)).Run().Events;
        var writer = new StringWriter();
        EventLog.Write(writer, events);
        var back = EventLog.Read(new StringReader(writer.ToString())).ToList();
        Assert.Equal(events.Select(EventLog.ToLine), back.Select(EventLog.ToLine));
        Assert.Equal(events.Count, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_feedback_line_uses_the_documented_snake_case_names()
    {
        var line = EventLog.ToLine(new LogEvent { Type = "feedback", Ts = T0, UserId = "u", PaperId = "p", Kind = "save" });
        Assert.Equal("""{"type":"feedback","ts":"2026-03-01T09:00:00+00:00","user_id":"u","paper_id":"p","kind":"save"}""", line);
    }

    [Fact]
    public void Logs_become_csv_rows_with_features_and_labels()
    {
        var features = PairFeatures.Names.Select((n, i) => (n, (float)i)).ToDictionary(x => x.n, x => x.Item2);
        LogEvent[] events =
        [
            new() { Type = "impression", Ts = T0, UserId = "u", PaperId = "a", Features = features, RankerVersion = "r" },
            new() { Type = "impression", Ts = T0.AddSeconds(1), UserId = "u", PaperId = "b", RankerVersion = "r" },
            new() { Type = "feedback", Ts = T0.AddSeconds(9), UserId = "u", PaperId = "a", Kind = "click" },
            new() { Type = "feedback", Ts = T0.AddSeconds(12), UserId = "u", PaperId = "a", Kind = "save" },
            new() { Type = "feedback", Ts = T0.AddSeconds(15), UserId = "u", PaperId = "b", Kind = "hide" },
            new() { Type = "feedback", Ts = T0.AddSeconds(20), UserId = "u", PaperId = "unseen", Kind = "click" },
        ];
        var writer = new StringWriter();
        LogsToCsv.Write(writer, LogsToCsv.Join(events));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(string.Join(',', PairFeatures.Names) + ",click,upvote,save,hide", lines[0]);
        Assert.Equal("0,1,2,3,4,5,6,1,0,1,0", lines[1]);
        Assert.Equal("0,0,0,0,0,0,0,0,0,0,1", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void The_temporal_split_trains_only_on_days_before_every_test_day()
    {
        var rows = LogsToCsv.Join(new InteractionSimulator(new SimulationOptions(Users: 20, Days: 10, Seed: 5, PapersPerDay: 20)).Run().Events);
        var (train, test) = TemporalSplit.Split(rows.OrderBy(r => r.PaperId).ToList());
        Assert.Equal(rows.Count, train.Count + test.Count);
        Assert.True(train.Max(r => r.Ts) < test.Min(r => r.Ts));
        Assert.Equal(7, train.Select(r => SimulationResult.DayOf(r.Ts)).Distinct().Count());
        Assert.Equal(3, test.Select(r => SimulationResult.DayOf(r.Ts)).Distinct().Count());
    }
}
