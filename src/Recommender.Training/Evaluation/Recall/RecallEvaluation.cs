// Recall then rank, on the simulated temporal split: at the end of the test period each user's candidates
// come from the service's sources, a trained ranker orders them, and the feed is scored against the
// user's test-period positives; beside it, the per-user TF-IDF baseline ranks the whole catalogue.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Training.Data;
using Recommender.Training.Simulation;

namespace Recommender.Training.Evaluation.Recall;

/// <param name="CandidatesPerUser">Mean candidates per evaluated user.</param>
/// <param name="CandidateRecall">Mean share of a user's test positives among the candidates (before ranking).</param>
/// <param name="RecallAtPage">The same among the first <see cref="RecallEvaluation.Page"/> after ranking.</param>
/// <param name="Coverage">Share of the test period's papers in at least one user's first page.</param>
public sealed record RecallRow(string Candidates, string Ranker, double CandidatesPerUser, double CandidateRecall, double RecallAtPage, double Ndcg10, double Coverage);

/// <param name="SameFirstPage">Users whose first page by the ranker is the same from the three sources as from the whole catalogue.</param>
/// <param name="UsersByInterests">Users by how many several interests serve them at the cutoff (index 0: none, the mean alone or nothing).</param>
public sealed record RecallReport(RecallSettings Settings, int Users, int EvaluatedUsers, int CataloguePapers, int TestPapers, IReadOnlyList<RecallRow> Rows, int SameFirstPage,
    IReadOnlyList<int> UsersByInterests);

public static class RecallEvaluation
{
    /// <summary>A feed's first page: the cold-start page holds at least 20 items.</summary>
    public const int Page = 20;

    /// <summary>
    /// Evaluates the sources with the fitted <paramref name="ranker"/> (the service's kind of model) and compares
    /// with the fitted per-user TF-IDF <paramref name="baseline"/> (both fitted on <paramref name="train"/>) and chance.
    /// </summary>
    public static RecallReport Run(SimulationResult simulation, IReadOnlyList<LabeledImpression> train, IReadOnlyList<LabeledImpression> test,
        IHeadScorer ranker, IHeadScorer baseline, RecallSettings settings)
    {
        var encoder = new HashedTextEncoder(256);
        var papers = simulation.Papers.Select(p => new RecallPaper(p.Id, encoder.Encode(p.Title, p.Abstract), p.Upvotes)).ToList();
        var byId = papers.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        // The topics are the simulator's themes; their vectors are the themes' word lists, as the simulator's topic similarity uses.
        var topics = SyntheticCorpus.Themes.Select(t => (t.Slug, encoder.Encode(string.Join(' ', t.Words), string.Join(' ', t.Words)))).ToList();
        var sources = RecallSources.Build(papers, topics, settings);
        var firstTestDay = SimulationResult.DayOf(test.Min(r => r.Ts));
        var testPapers = simulation.Papers.Where((_, i) => i / simulation.Options.PapersPerDay >= firstTestDay).Select(p => p.Id).ToArray();

        var users = simulation.Users.Select(u => UserAtCutoff.Replay(u, train.Where(r => r.UserId == u.Id), papers, byId)).ToList();
        var relevance = test.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.GroupBy(r => r.PaperId).ToDictionary(p => p.Key, p => p.Max(r => r.Relevance)));
        var random = new Random(simulation.Options.Seed);
        var scores = new Dictionary<string, Dictionary<string, double>>[] { [], [], [] };
        var candidates = new Dictionary<string, Dictionary<string, IReadOnlyList<string>>>();
        foreach (var user in users)
        {
            var unseen = papers.Select(p => p.Id).Where(id => !user.Seen.Contains(id)).ToArray();
            var rows = unseen.Select(id => user.Row(simulation.Papers[byId[id]], papers[byId[id]], topics, random)).ToList();
            foreach (var (model, slot) in new[] { (ranker, 0), (baseline, 1) })
            {
                var predicted = model.Predict(rows);
                scores[slot][user.User.Id] = unseen.Select((id, i) => (id, Combined(predicted[i]))).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal);
            }
            // Chance: every user's own random order.
            scores[2][user.User.Id] = unseen.ToDictionary(id => id, _ => random.NextDouble(), StringComparer.Ordinal);
            candidates[user.User.Id] = Candidates(user, sources, settings, unseen);
        }

        var evaluated = users.Where(u => relevance.TryGetValue(u.User.Id, out var r) && r.Values.Any(v => v > 0)).Select(u => u.User.Id).ToList();
        var rowsOut = new List<RecallRow>();
        var firstPages = new Dictionary<string, List<List<string>>>();
        foreach (var (name, slot, rankerName) in new[] { (Followed, 0, ranker.Name), (Interest, 0, ranker.Name), (Trending, 0, ranker.Name), (AllSources, 0, ranker.Name),
            (AllSources, 1, baseline.Name), (WholeCatalogue, 1, baseline.Name), (WholeCatalogue, 0, ranker.Name), (WholeCatalogue, 2, RandomOrder) })
        {
            var feeds = users.ToDictionary(u => u.User.Id, u => candidates[u.User.Id][name]
                .OrderByDescending(id => scores[slot][u.User.Id][id]).ThenBy(id => id, StringComparer.Ordinal).ToList());
            if (slot == 0 && name is AllSources or WholeCatalogue)
            {
                firstPages[name] = users.Select(u => feeds[u.User.Id].Take(Page).ToList()).ToList();
            }
            rowsOut.Add(new RecallRow(name, rankerName,
                evaluated.Average(u => candidates[u][name].Count),
                evaluated.Average(u => RecallMetrics.Recall(feeds[u], relevance[u])),
                evaluated.Average(u => RecallMetrics.Recall(feeds[u], relevance[u], Page)),
                evaluated.Average(u => RecallMetrics.Ndcg(feeds[u], relevance[u], 10)),
                RecallMetrics.Coverage(feeds.Values.Select(f => f.Take(Page)), testPapers)));
        }
        var same = firstPages[AllSources].Zip(firstPages[WholeCatalogue]).Count(p => p.First.SequenceEqual(p.Second));
        var byInterests = new int[users.Max(u => u.Inputs.ServingInterests) + 1];
        users.ForEach(u => byInterests[u.Inputs.ServingInterests]++);
        return new RecallReport(settings, users.Count, evaluated.Count, papers.Count, testPapers.Length, rowsOut, same, byInterests);
    }

    public const string RandomOrder = "random order";

    public const string Followed = "followed topic", Interest = "interest (nearest topics)", Trending = "trending", AllSources = "all three sources", WholeCatalogue = "whole catalogue (no recall stage)";

    private static Dictionary<string, IReadOnlyList<string>> Candidates(UserAtCutoff user, RecallSources sources, RecallSettings settings, string[] unseen)
    {
        var unseenSet = unseen.ToHashSet(StringComparer.Ordinal);
        IReadOnlySet<string> followed = user.User.FollowedTopic is { } t ? new HashSet<string>(StringComparer.Ordinal) { t } : new HashSet<string>();
        var fromFollowed = followed.SelectMany(sources.Window).Where(unseenSet.Contains).Distinct().ToList();
        var fromInterest = sources.InterestTopics(user.Inputs.RecallVectors, followed, settings.InterestProbeTopics)
            .SelectMany(sources.Window).Where(unseenSet.Contains).Distinct().ToList();
        var fromTrending = sources.Trending.Where(unseenSet.Contains).ToList();
        return new Dictionary<string, IReadOnlyList<string>>
        {
            [Followed] = fromFollowed,
            [Interest] = fromInterest,
            [Trending] = fromTrending,
            [AllSources] = fromFollowed.Concat(fromInterest).Concat(fromTrending).Distinct().ToList(),
            [WholeCatalogue] = unseen,
        };
    }

    private static double Combined(double[] heads) => heads.Select((p, h) => p * Evaluator.CombinedWeights[h]).Sum();
}
