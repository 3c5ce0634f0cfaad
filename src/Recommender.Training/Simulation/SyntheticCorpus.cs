// Deterministic synthetic papers on distinct themes, for tests, simulations and
// benchmarks: no third-party text, and the theme of every paper is known.
namespace Recommender.Training.Simulation;

public sealed record SyntheticPaper(
    string Id,
    string Title,
    string Abstract,
    int Theme,
    IReadOnlyList<string> Authors,
    DateTimeOffset PublishedAt,
    int Upvotes);

public static class SyntheticCorpus
{
    /// <summary>Theme names with their own vocabulary; words of one theme never appear in another's list.</summary>
    public static readonly IReadOnlyList<(string Slug, string[] Words)> Themes =
    [
        ("graph-learning", ["graph", "node", "edge", "message-passing", "gnn", "neighborhood", "spectral", "homophily", "subgraph", "adjacency", "laplacian", "molecular", "link-prediction", "heterogeneous", "oversmoothing", "pooling", "walks", "community"]),
        ("reinforcement-learning", ["policy", "reward", "agent", "environment", "q-learning", "actor-critic", "exploration", "trajectory", "markov", "bandit", "offline-rl", "value-function", "episode", "planning", "robot", "locomotion", "sparse-reward", "curriculum"]),
        ("language-models", ["language", "token", "transformer", "prompt", "instruction", "decoder", "pretraining", "llm", "tokenizer", "in-context", "chain-of-thought", "alignment", "fine-tuning", "perplexity", "summarization", "translation", "dialogue", "hallucination"]),
        ("computer-vision", ["image", "pixel", "convolutional", "segmentation", "detection", "bounding-box", "resnet", "vision", "camera", "depth", "optical-flow", "semantic", "instance", "backbone", "augmentation", "imagenet", "keypoint", "stereo"]),
        ("speech-audio", ["speech", "audio", "acoustic", "spectrogram", "waveform", "speaker", "phoneme", "asr", "vocoder", "prosody", "noise", "microphone", "music", "pitch", "diarization", "utterance", "voice", "mel"]),
        ("recommender-systems", ["recommendation", "user", "item", "click-through", "collaborative", "ranking", "implicit-feedback", "session", "cold-start", "embedding-table", "retrieval", "candidate", "ctr", "matrix-factorization", "popularity", "catalog", "engagement", "cross-domain"]),
        ("optimization-theory", ["convex", "gradient-descent", "convergence", "stochastic", "regret", "lipschitz", "saddle", "momentum", "step-size", "nonconvex", "bound", "complexity", "theorem", "proximal", "duality", "smoothness", "variance-reduction", "iterate"]),
        ("quantum-computing", ["quantum", "qubit", "entanglement", "circuit", "hamiltonian", "superposition", "decoherence", "gate", "variational", "annealing", "error-correction", "fidelity", "photonic", "measurement", "unitary", "simulator", "topological", "spin"]),
    ];

    private static readonly string[] Filler =
    [
        "framework", "model", "learning", "training", "evaluation", "benchmark", "efficient", "scalable",
        "robust", "analysis", "dataset", "accuracy", "baseline", "architecture", "inference", "large",
        "deep", "neural", "system", "algorithm", "empirical", "generalization", "representation", "loss",
    ];

    private static readonly string[] Surnames =
    [
        "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Ibrahim", "Castillo", "Nguyen",
        "Petrov", "Schneider", "Kowalski", "Rossi", "Yilmaz", "Chen", "Mensah", "Dubois", "Iyer",
    ];

    /// <summary>Generates <paramref name="count"/> papers; the same seed gives the same papers.</summary>
    /// <summary>Time between two consecutive papers' publication.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMinutes(7);

    public static IEnumerable<SyntheticPaper> Generate(int count, int seed = 1, DateTimeOffset? start = null)
    {
        var random = new Random(seed);
        var origin = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var theme = random.Next(Themes.Count);
            yield return Paper(random, i, theme, origin, seed);
        }
    }

    /// <summary>One paper of a chosen theme (for tests that need a known theme).</summary>
    public static SyntheticPaper PaperOfTheme(int theme, int index, int seed = 1)
    {
        // Plain arithmetic, not HashCode.Combine: that is seeded per process, and this must repeat across runs.
        var random = new Random(unchecked(seed * 1_000_003 + theme * 10_007 + index) & int.MaxValue);
        return Paper(random, index, theme, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), seed);
    }

    private static SyntheticPaper Paper(Random random, int index, int theme, DateTimeOffset origin, int seed)
    {
        var words = Themes[theme].Words;
        var titleWords = Enumerable.Range(0, random.Next(4, 8))
            .Select(_ => random.NextDouble() < 0.7 ? Pick(random, words) : Pick(random, Filler));
        var title = Capitalize(string.Join(' ', titleWords)) + $" ({seed}-{index})";
        var abstractWords = Enumerable.Range(0, random.Next(40, 90)).Select(_ =>
        {
            var roll = random.NextDouble();
            return roll < 0.55 ? Pick(random, words)
                : roll < 0.93 ? Pick(random, Filler)
                : Pick(random, Themes[random.Next(Themes.Count)].Words);
        });
        var authors = Enumerable.Range(0, random.Next(1, 7))
            .Select(_ => $"{(char)('A' + random.Next(26))}. {Pick(random, Surnames)}")
            .ToArray();
        var upvotes = (int)Math.Floor(Math.Exp(random.NextDouble() * 5) - 1);
        return new SyntheticPaper(
            Id: $"synth-{seed}-{index:D7}",
            Title: title,
            Abstract: Capitalize(string.Join(' ', abstractWords)) + ".",
            Theme: theme,
            Authors: authors,
            PublishedAt: origin + Spacing * index,
            Upvotes: upvotes);
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
