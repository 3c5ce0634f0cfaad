// Simulates users with latent theme interests reacting to papers shown over days, and
// logs impressions (with PairFeatures as the ranker saw them) and feedback. Deterministic.
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Training.Data;

namespace Recommender.Training.Simulation;

/// <param name="HeadCorrelation">0..1: how much upvote/save follow the same latent interest
/// as click (1) rather than an independent per-paper quality (0).</param>
public sealed record SimulationOptions(
    int Users = 200,
    int Days = 14,
    int Seed = 1,
    int PapersPerDay = 80,
    int ShownPerUserPerDay = 20,
    double HeadCorrelation = 0.5);

public sealed record SimulatedUser(string Id, double[] ThemeInterest, string? FollowedTopic)
{
    /// <summary>The vector of the paper the user was created from (the service keeps it as the first interest); empty: none.</summary>
    public float[] Seed { get; init; } = [];
}

public sealed record SimulationResult(
    SimulationOptions Options,
    IReadOnlyList<SyntheticPaper> Papers,
    IReadOnlyList<SimulatedUser> Users,
    IReadOnlyList<LogEvent> Events)
{
    public static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Day index (0-based) of a timestamp.</summary>
    public static int DayOf(DateTimeOffset ts) => (int)Math.Floor((ts - Origin).TotalDays);
}

public sealed class InteractionSimulator(SimulationOptions options)
{
    public const string RankerVersion = "random-exposure-v1";
    private readonly IPaperEncoder encoder = new HashedTextEncoder(256);

    public SimulationResult Run()
    {
        var random = new Random(options.Seed);
        var papers = SyntheticCorpus.Generate(options.Days * options.PapersPerDay, options.Seed, SimulationResult.Origin).ToList();
        var vectors = papers.Select(p => encoder.Encode(p.Title, p.Abstract)).ToList();
        var centroids = ThemeCentroids();
        var quality = papers.Select(_ => random.NextDouble()).ToArray();
        var users = Enumerable.Range(0, options.Users).Select(i => NewUser(random, i)).ToList();
        var states = users.Select(u => SeedState(u, random)).ToList();
        users = users.Select((u, i) => u with { Seed = states[i].SeedVector }).ToList();
        var events = new List<LogEvent>();
        var row = new float[PairFeatures.Count];

        for (var day = 0; day < options.Days; day++)
        {
            var todays = Enumerable.Range(day * options.PapersPerDay, options.PapersPerDay).ToArray();
            for (var u = 0; u < users.Count; u++)
            {
                var user = users[u];
                var state = states[u];
                var signals = state.Signals(user);
                var shown = todays.OrderBy(_ => random.Next()).Take(options.ShownPerUserPerDay);
                foreach (var p in shown)
                {
                    var paper = papers[p];
                    var topicSimilarity = Math.Max(0f, VectorMath.Cosine(vectors[p], centroids[paper.Theme]));
                    var paperSignals = new PaperSignals(vectors[p], paper.Upvotes, (float)(random.NextDouble() * 3),
                        [new TopicSimilarity(SyntheticCorpus.Themes[paper.Theme].Slug, topicSimilarity)]);
                    PairFeatures.Write(signals, paperSignals, row);
                    var ts = SimulationResult.Origin.AddDays(day).AddSeconds(random.Next(8 * 3600, 20 * 3600));
                    events.Add(new LogEvent
                    {
                        Type = LogEvent.Impression, Ts = ts, UserId = user.Id, PaperId = paper.Id, RankerVersion = RankerVersion,
                        Features = PairFeatures.Names.Select((n, i) => (n, row[i])).ToDictionary(x => x.n, x => x.Item2),
                    });
                    foreach (var kind in React(random, user.ThemeInterest[paper.Theme], quality[p], paper.Upvotes))
                    {
                        events.Add(new LogEvent
                        {
                            Type = LogEvent.Feedback, Ts = ts.AddSeconds(random.Next(5, 600)), UserId = user.Id, PaperId = paper.Id,
                            Kind = LogEvent.Kinds[kind],
                        });
                        state.Pending.Add((kind, vectors[p]));
                    }
                }
            }
            states.ForEach(s => s.ApplyPending());
        }
        events.Sort((a, b) => a.Ts.CompareTo(b.Ts));
        return new SimulationResult(options, papers, users, events);
    }

    /// <summary>Feedback kinds (indices into <see cref="LogEvent.Kinds"/>) for one impression.</summary>
    private IEnumerable<int> React(Random random, double interest, double quality, int upvotes)
    {
        var rho = Math.Clamp(options.HeadCorrelation, 0, 1);
        var popularity = Math.Log(1 + upvotes) / 5.0;
        var click = Sigmoid(-4.2 + 4.5 * interest + 0.8 * popularity);
        if (random.NextDouble() < click)
        {
            yield return LabeledImpression.Click;
            var other = rho * interest + (1 - rho) * quality;
            if (random.NextDouble() < Sigmoid(-2.0 + 3.0 * other))
            {
                yield return LabeledImpression.Upvote;
            }
            if (random.NextDouble() < Sigmoid(-2.6 + 3.0 * (rho * interest + (1 - rho) * (1 - quality))))
            {
                yield return LabeledImpression.Save;
            }
        }
        else if (random.NextDouble() < Sigmoid(-3.5 - 5.0 * interest))
        {
            yield return LabeledImpression.Hide;
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private SimulatedUser NewUser(Random random, int index)
    {
        // A mixture: one main theme, sometimes a second, a weak background for the rest.
        var themes = SyntheticCorpus.Themes.Count;
        var interest = Enumerable.Range(0, themes).Select(_ => 0.05 * random.NextDouble()).ToArray();
        var main = random.Next(themes);
        interest[main] = 0.7 + 0.3 * random.NextDouble();
        if (random.NextDouble() < 0.6)
        {
            interest[(main + 1 + random.Next(themes - 1)) % themes] = 0.3 + 0.4 * random.NextDouble();
        }
        var follows = random.NextDouble() < 0.5 ? SyntheticCorpus.Themes[main].Slug : null;
        return new SimulatedUser($"user-{options.Seed}-{index:D5}", interest, follows);
    }

    // Cold start: every user seeds interests with one paper of their main theme, drawn from
    // a separate pool (not PaperOfTheme: HashCode.Combine differs between processes).
    private UserState SeedState(SimulatedUser user, Random random)
    {
        seedPool ??= SyntheticCorpus.Generate(400, options.Seed + 7919).ToList();
        var main = Array.IndexOf(user.ThemeInterest, user.ThemeInterest.Max());
        var candidates = seedPool.Where(p => p.Theme == main).ToList();
        var seed = candidates[random.Next(candidates.Count)];
        var state = new UserState { SeedVector = encoder.Encode(seed.Title, seed.Abstract) };
        state.Inputs.Seed(state.SeedVector);
        return state;
    }

    private List<SyntheticPaper>? seedPool;

    private float[][] ThemeCentroids() =>
        SyntheticCorpus.Themes.Select(t => encoder.Encode(string.Join(' ', t.Words), string.Join(' ', t.Words))).ToArray();

    /// <summary>What the service knows of a user (built only from the seed and logged feedback) and the feedback of the day, taken in at its end.</summary>
    private sealed class UserState
    {
        public ReaderInputs Inputs { get; } = new();
        public float[] SeedVector { get; init; } = [];
        public List<(int Kind, float[] Vector)> Pending { get; } = [];

        public UserSignals Signals(SimulatedUser user) =>
            Inputs.Signals(user.FollowedTopic is { } t ? new HashSet<string> { t } : new HashSet<string>());

        public void ApplyPending()
        {
            foreach (var (kind, vector) in Pending)
            {
                Inputs.Feedback(kind, vector);
            }
            Pending.Clear();
        }
    }
}
