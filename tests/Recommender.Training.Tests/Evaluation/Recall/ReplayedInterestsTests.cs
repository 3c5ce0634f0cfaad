// The offline replay's user at the cutoff derives the service's several interests from the training logs:
// its features take the best cosine over them and recall by interest probes around each of them.
using Recommender.Ranking.Embedding;
using Recommender.Training.Data;
using Recommender.Training.Evaluation.Recall;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests.Evaluation.Recall;

public sealed class ReplayedInterestsTests
{
    private const int Graphs = 0, Quantum = 7;
    private static readonly HashedTextEncoder Encoder = new(256);

    // A reader who saved three graph-learning papers, then two quantum-computing ones (0.8 of weight: an interest of its own).
    private static (UserAtCutoff User, List<RecallPaper> Papers) TwoThemeReader()
    {
        var saved = new[] { Graphs, Graphs, Graphs, Quantum, Quantum }.Select((theme, i) => SyntheticCorpus.PaperOfTheme(theme, i, seed: 5)).ToList();
        var papers = saved.Select(p => new RecallPaper(p.Id, Encoder.Encode(p.Title, p.Abstract), p.Upvotes)).ToList();
        var byId = papers.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rows = saved.Select((p, i) => new LabeledImpression("reader", p.Id, SimulationResult.Origin.AddHours(i), [], [false, false, true, false]));
        return (UserAtCutoff.Replay(new SimulatedUser("reader", new double[8], null), rows, papers, byId), papers);
    }

    [Fact]
    public void A_reader_of_two_themes_keeps_an_interest_for_each_as_the_service_would()
    {
        var (user, _) = TwoThemeReader();

        Assert.Equal(2, user.Inputs.RecallVectors.Count);
        Assert.Equal(5, user.Inputs.Positives);
    }

    [Fact]
    public void The_interest_similarity_of_a_replayed_reader_is_the_best_cosine_over_the_interests_not_the_means()
    {
        var (user, _) = TwoThemeReader();
        var paper = SyntheticCorpus.PaperOfTheme(Graphs, 100, seed: 5);
        var vector = Encoder.Encode(paper.Title, paper.Abstract);
        var topics = SyntheticCorpus.Themes.Select(t => (t.Slug, Encoder.Encode(string.Join(' ', t.Words), string.Join(' ', t.Words)))).ToList();

        var row = user.Row(paper, new RecallPaper(paper.Id, vector, paper.Upvotes), topics, new Random(1));

        var best = user.Inputs.RecallVectors.Max(interest => VectorMath.Cosine(interest, vector));
        // The ranker reads the interests at half precision: equal to the single-precision cosine within 1e-3.
        Assert.Equal(best, row.Features[0], 3);
        // The mean drifted toward the later quantum saves: scored by it, a graph paper would look much less interesting.
        Assert.True(row.Features[0] > VectorMath.Cosine(user.Inputs.Interest, vector) + 0.05f);
    }

    [Fact]
    public void Recall_by_interest_probes_the_topics_of_both_interests_even_with_a_single_probe()
    {
        var (user, papers) = TwoThemeReader();
        var topics = SyntheticCorpus.Themes.Select(t => (t.Slug, Encoder.Encode(string.Join(' ', t.Words), string.Join(' ', t.Words)))).ToList();
        var sources = RecallSources.Build(papers, topics, new RecallSettings());

        var probed = sources.InterestTopics(user.Inputs.RecallVectors, new HashSet<string>(), count: 1);

        Assert.Equal([SyntheticCorpus.Themes[Graphs].Slug, SyntheticCorpus.Themes[Quantum].Slug], probed);
        // The mean alone reaches one of them only.
        Assert.Single(sources.NearestTopics(user.Inputs.Interest, new HashSet<string>(), 1));
    }

    [Fact]
    public void The_seed_paper_the_user_was_created_from_is_the_first_interest_before_any_feedback()
    {
        var seed = SyntheticCorpus.PaperOfTheme(Quantum, 50, seed: 5);
        var vector = Encoder.Encode(seed.Title, seed.Abstract);
        var user = new SimulatedUser("new", new double[8], null) { Seed = vector };

        var replayed = UserAtCutoff.Replay(user, [], [], new Dictionary<string, int>());

        Assert.Equal(1f, VectorMath.Cosine(Assert.Single(replayed.Inputs.RecallVectors), vector), 5);
        Assert.Equal(0, replayed.Inputs.Positives);
        Assert.All(new InteractionSimulator(new SimulationOptions(Users: 5, Days: 1, PapersPerDay: 10)).Run().Users, u => Assert.Equal(256, u.Seed.Length));
    }
}
