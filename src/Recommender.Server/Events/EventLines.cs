// Formats the service's events as lines of the JSON Lines log (docs/logs-format.md): the fields the
// simulator writes, plus what only the service knows (position, batch id, scores, source).
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Server.Events;

public static class EventLines
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Impression(ImpressionLine impression) => JsonSerializer.Serialize(impression, Options);

    public static string Feedback(DateTimeOffset ts, string userId, string paperId, string kind, string source) =>
        JsonSerializer.Serialize(new OtherLine { Type = "feedback", Ts = ts, UserId = userId, PaperId = paperId, Kind = kind, Source = source }, Options);

    /// <param name="kind">"topic" (an unfollow; <paramref name="topicId"/> names it) or "digest" (no more digest mail).</param>
    /// <remarks>paper_id is present and empty, so readers that require it (the format's first version) still read the line.</remarks>
    public static string Unsubscribe(DateTimeOffset ts, string userId, string kind, string? topicId, string source) =>
        JsonSerializer.Serialize(new OtherLine { Type = "unsubscribe", Ts = ts, UserId = userId, PaperId = "", Kind = kind, TopicId = topicId, Source = source }, Options);

    private sealed record OtherLine
    {
        public required string Type { get; init; }
        public required DateTimeOffset Ts { get; init; }
        public required string UserId { get; init; }
        public required string PaperId { get; init; }
        public string? Kind { get; init; }
        public string? TopicId { get; init; }
        public string? Source { get; init; }
    }
}

/// <summary>One impression as logged; the first six fields are the format's original ones.</summary>
public sealed record ImpressionLine
{
    public string Type => "impression";
    public required DateTimeOffset Ts { get; init; }
    public required string UserId { get; init; }
    public required string PaperId { get; init; }
    /// <summary>PairFeatures name → value for the pair at the time it was shown.</summary>
    public required Dictionary<string, float> Features { get; init; }
    public required string RankerVersion { get; init; }
    /// <summary>1 for the first slot the app showed.</summary>
    public required int Position { get; init; }
    /// <summary>The client's batch id; a retry carries the same one.</summary>
    public required string ImpressionId { get; init; }
    /// <summary>Whether the paper was in the user's stored feed when the impression was recorded; the scores below only then.</summary>
    public required bool InFeed { get; init; }
    public float? Score { get; init; }
    public Dictionary<string, float>? TaskScores { get; init; }
    /// <summary>The interest similarity the ranker saw when it scored the paper into the feed.</summary>
    public float? ScoredInterestSimilarity { get; init; }
    public string Source { get; init; } = "app";
    /// <summary>The user's ranker variant (A/B), fixed by a hash of the user's id.</summary>
    public string? Variant { get; init; }
    /// <summary>Whether the slot explored (GetFeed's FeedItem.exploratory, echoed by the client); only with a propensity.</summary>
    public bool? Exploratory { get; init; }
    /// <summary>The probability that the policy put the paper in its slot (FeedItem.propensity); absent when the client sent none.</summary>
    public double? Propensity { get; init; }
}
