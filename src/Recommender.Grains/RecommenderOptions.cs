using Recommender.Ranking.Clustering;

namespace Recommender.Grains;

/// <summary>Tunables of the recommendation flow (configuration section "Recommender").</summary>
public sealed class RecommenderOptions
{
    public const string SectionName = "Recommender";

    /// <summary>How many papers a user's feed keeps.</summary>
    public int FeedSize { get; set; } = 100;

    /// <summary>Summaries of the most recent papers each silo keeps for feed reads (about 1 KB each, in a ring of this many slots); older ones are read from the catalogue.</summary>
    public int PaperCards { get; set; } = 200_000;

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

    /// <summary>How often the hand-over sweep looks for papers whose fan-out never completed.</summary>
    public TimeSpan DeliverySweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A paper not yet fanned out is handed over again only once it arrived this long ago (its fan-out may
    /// still be under way on a live silo), or before every live silo started (then nobody is fanning it out).
    /// </summary>
    public TimeSpan DeliveryGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Topics nearest to a user's interest (besides the followed ones) whose recent papers are recalled into the feed at each rebuild.</summary>
    public int InterestProbeTopics { get; set; } = 3;

    /// <summary>Interest vectors a user keeps at most (groups of the user's own papers), each probed and scored on its own; 1 keeps the single mean interest.</summary>
    public int InterestVectors { get; set; } = InterestClustering.Default.Capacity;

    /// <summary>A paper of the user's less similar than this to each of the user's interests opens a new one (while fewer than <see cref="InterestVectors"/>).</summary>
    public float InterestSplitSimilarity { get; set; } = InterestClustering.Default.SplitSimilarity;

    /// <summary>Trending papers (most upvotes for their age) offered to every feed at each rebuild; 0 turns the source off.</summary>
    public int TrendingPapers { get; set; } = 30;

    /// <summary>How many of the catalogue's latest papers the trending source looks at.</summary>
    public int TrendingScanPapers { get; set; } = 1_000;

    /// <summary>How long a silo keeps its trending list before reading the catalogue again.</summary>
    public TimeSpan TrendingRefresh { get; set; } = TimeSpan.FromSeconds(30);
}
