namespace Recommender.Grains;

/// <summary>Tunables of the recommendation flow (configuration section "Recommender").</summary>
public sealed class RecommenderOptions
{
    public const string SectionName = "Recommender";

    /// <summary>How many papers a user's feed keeps.</summary>
    public int FeedSize { get; set; } = 100;

    /// <summary>How many recent papers a topic keeps for backfilling new followers.</summary>
    public int TopicRecentPapers { get; set; } = 500;

    /// <summary>The similarity a paper needs to a topic's vector to be routed to it.</summary>
    public float RoutingThreshold { get; set; } = 0.2f;

    /// <summary>A paper goes to at most this many topics (the most similar ones).</summary>
    public int MaxTopicsPerPaper { get; set; } = 3;

    /// <summary>A stored feed nobody writes to expires after this long (it is rebuilt on its next read).</summary>
    public TimeSpan FeedTimeToLive { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Topics one user may follow at once; a user's inputs are copied into every followed topic's memory.</summary>
    public int MaxFollows { get; set; } = 100;

    /// <summary>Papers one user may hide; each stays in the inputs that every followed topic holds.</summary>
    public int MaxHiddenPapers { get; set; } = 5_000;

    /// <summary>Topics the service may have; every published paper is compared with each of them.</summary>
    public int MaxTopics { get; set; } = 10_000;
}
