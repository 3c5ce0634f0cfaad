// The service's candidate sources replayed offline over a simulated catalogue: followed topics' windows,
// the topics nearest to each of a user's interests (their windows), and trending papers. Mirrors src/Recommender.Grains/Recall.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Recall;

namespace Recommender.Training.Evaluation.Recall;

/// <summary>The service's recall parameters; the defaults are RecommenderOptions' defaults (same names there).</summary>
public sealed record RecallSettings(
    int TopicRecentPapers = 500,
    float RoutingThreshold = 0.2f,
    int MaxTopicsPerPaper = 3,
    int InterestProbeTopics = 3,
    int TrendingPapers = 30,
    int TrendingScanPapers = 1_000);

/// <summary>A catalogue paper as the sources see it: id, normalized vector, upvotes; papers come oldest first.</summary>
public sealed record RecallPaper(string Id, float[] Vector, int Upvotes);

public sealed class RecallSources
{
    private readonly Dictionary<string, string[]> windows;
    private readonly IReadOnlyList<(string TopicId, float[] Vector)> topics;

    private RecallSources(Dictionary<string, string[]> windows, IReadOnlyList<(string, float[])> topics, string[] trending)
    {
        this.windows = windows;
        this.topics = topics;
        Trending = trending;
    }

    /// <summary>The trending papers, hottest first.</summary>
    public IReadOnlyList<string> Trending { get; }

    /// <summary>
    /// Routes every paper (oldest first) as ingest does (similarity ≥ threshold, at most MaxTopicsPerPaper, most
    /// similar first, ties to the smaller id), keeps each topic's latest TopicRecentPapers, and ranks the latest
    /// TrendingScanPapers by hotness as TrendingRank does (ln(1 + upvotes) + days since the first paper; ties: the newer).
    /// </summary>
    public static RecallSources Build(IReadOnlyList<RecallPaper> papers, IReadOnlyList<(string TopicId, float[] Vector)> topics, RecallSettings settings)
    {
        var routed = topics.ToDictionary(t => t.TopicId, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            var matches = topics
                .Select(t => (t.TopicId, Similarity: VectorMath.Cosine(paper.Vector, t.Vector)))
                .Where(m => m.Similarity >= settings.RoutingThreshold)
                .OrderByDescending(m => m.Similarity)
                .ThenBy(m => m.TopicId, StringComparer.Ordinal)
                .Take(settings.MaxTopicsPerPaper);
            foreach (var match in matches)
            {
                routed[match.TopicId].Add(paper.Id);
            }
        }
        var windows = routed.ToDictionary(r => r.Key, r => r.Value.TakeLast(settings.TopicRecentPapers).ToArray(), StringComparer.Ordinal);
        // A synthetic paper is published Spacing × its position after the first, so its publication time in
        // days (TrendingRank's second term, up to a constant that changes no order) is position / papers per day.
        var scanStart = Math.Max(0, papers.Count - settings.TrendingScanPapers);
        var perDay = TimeSpan.FromDays(1) / Simulation.SyntheticCorpus.Spacing;
        var trending = Enumerable.Range(scanStart, papers.Count - scanStart)
            .Where(i => papers[i].Upvotes > 0)
            .OrderByDescending(i => Math.Log(1 + papers[i].Upvotes) + i / perDay)
            .ThenByDescending(i => i)
            .Take(settings.TrendingPapers)
            .Select(i => papers[i].Id)
            .ToArray();
        return new RecallSources(windows, topics, trending);
    }

    /// <summary>The recent papers of a topic, oldest first (empty for an unknown topic).</summary>
    public IReadOnlyList<string> Window(string topicId) => windows.TryGetValue(topicId, out var papers) ? papers : [];

    /// <summary>As InterestProbe.NearestTopics: the <paramref name="count"/> most similar topics with positive cosine, followed ones left out, ties to the smaller id.</summary>
    public IReadOnlyList<string> NearestTopics(float[] interest, IReadOnlySet<string> followed, int count) =>
        interest.Length == 0 ? [] : topics
            .Where(t => !followed.Contains(t.TopicId))
            .Select(t => (t.TopicId, Similarity: VectorMath.Cosine(interest, t.Vector)))
            .Where(t => t.Similarity > 0f)
            .OrderByDescending(t => t.Similarity)
            .ThenBy(t => t.TopicId, StringComparer.Ordinal)
            .Take(count)
            .Select(t => t.TopicId)
            .ToArray();

    /// <summary>
    /// The topics recall by interest reads for a user's <paramref name="interests"/> (heaviest first): the probes are
    /// dealt among them by the service's rule (InterestProbes, as RecallPlan does), so each interest's neighbourhood is read.
    /// </summary>
    public IReadOnlyList<string> InterestTopics(IReadOnlyList<float[]> interests, IReadOnlySet<string> followed, int count) =>
        InterestProbes.Deal(interests, count, (interest, budget) => NearestTopics(interest, followed, budget));
}
