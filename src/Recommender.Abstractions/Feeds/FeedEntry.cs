using Recommender.Abstractions.Papers;

namespace Recommender.Abstractions.Feeds;

/// <summary>One scored paper in a user's feed.</summary>
[GenerateSerializer, Immutable, Alias("recommender.FeedEntry")]
public sealed record FeedEntry
{
    [Id(0)] public required PaperSummary Paper { get; init; }
    [Id(1)] public float Score { get; init; }
    [Id(2)] public IReadOnlyDictionary<string, float> TaskScores { get; init; } = new Dictionary<string, float>();
    [Id(3)] public IReadOnlyList<string> Reasons { get; init; } = [];
    [Id(4)] public string RankerVersion { get; init; } = "";
    /// <summary>Which recall source brought the paper.</summary>
    [Id(5)] public FeedSource Source { get; init; } = FeedSource.FollowedTopic;

    public string PaperId => Paper.Id;

    /// <summary>Feed order: higher score first, then paper id descending (the order of a Redis reverse range).</summary>
    public static int Compare(FeedEntry a, FeedEntry b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(b.PaperId, a.PaperId);
    }
}
