// One line of an impression/feedback log (JSON Lines, see docs/logs-format.md), shared
// by the simulator and the service, read and written with System.Text.Json.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Training.Data;

public sealed record LogEvent
{
    public const string Impression = "impression";
    public const string Feedback = "feedback";
    /// <summary>Written by the service only: a topic unfollowed or the digest unsubscribed (paper_id empty).</summary>
    public const string Unsubscribe = "unsubscribe";

    /// <summary>Feedback kinds, in label-column order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["click", "upvote", "save", "hide"];

    public required string Type { get; init; }
    public required DateTimeOffset Ts { get; init; }
    public required string UserId { get; init; }
    public required string PaperId { get; init; }
    /// <summary>Impressions only: feature name → value, as the ranker saw them (optional).</summary>
    public Dictionary<string, float>? Features { get; init; }
    /// <summary>Impressions only: the ranker that chose the paper.</summary>
    public string? RankerVersion { get; init; }
    /// <summary>Feedback: click, upvote, save or hide; unsubscribe: topic or digest.</summary>
    public string? Kind { get; init; }
    // What only the service writes (docs/logs-format.md); absent in simulated logs.
    /// <summary>Impressions: the slot the app showed the paper in, 1 first.</summary>
    public int? Position { get; init; }
    /// <summary>Impressions: the client's batch id.</summary>
    public string? ImpressionId { get; init; }
    /// <summary>Where the event came from: app, digest or digest-link.</summary>
    public string? Source { get; init; }
    /// <summary>Topic unsubscribes: the topic.</summary>
    public string? TopicId { get; init; }
    /// <summary>Impressions (service): the user's ranker variant in an A/B comparison.</summary>
    public string? Variant { get; init; }
    /// <summary>Impressions (service), when the paper was in the feed: the ranker's per-head scores.</summary>
    public Dictionary<string, float>? TaskScores { get; init; }
    /// <summary>Impressions (service): whether the slot explored (a random draw among uncertain papers).</summary>
    public bool? Exploratory { get; init; }
    /// <summary>Impressions (service): the probability that the policy put the paper in its slot; absent when unknown.</summary>
    public double? Propensity { get; init; }
}

public static class EventLog
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToLine(LogEvent e) => JsonSerializer.Serialize(e, Options);

    public static LogEvent FromLine(string line) =>
        JsonSerializer.Deserialize<LogEvent>(line, Options) ?? throw new FormatException("Empty log line.");

    public static void Write(TextWriter writer, IEnumerable<LogEvent> events)
    {
        foreach (var e in events)
        {
            writer.WriteLine(ToLine(e));
        }
    }

    public static IEnumerable<LogEvent> Read(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return FromLine(line);
            }
        }
    }

    public static void WriteFile(string path, IEnumerable<LogEvent> events)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path);
        Write(writer, events);
    }

    public static List<LogEvent> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader).ToList();
    }
}
