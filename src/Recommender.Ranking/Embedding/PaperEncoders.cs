// The encoders a deployment can choose by configuration, by short name.
namespace Recommender.Ranking.Embedding;

public static class PaperEncoders
{
    public const string Hashed = "hashed";
    public const string ArcticXs = "arctic-xs";

    public static IReadOnlyList<string> Names { get; } = [Hashed, ArcticXs];

    /// <summary>The named encoder; an unknown name is refused with the known ones listed.</summary>
    public static IPaperEncoder Create(string name, SentenceEncoderOptions? sentence = null) => name.Trim().ToLowerInvariant() switch
    {
        Hashed => new HashedTextEncoder(),
        ArcticXs => new SentenceEncoder(sentence),
        _ => throw new ArgumentException($"Recommender:Encoder: unknown encoder '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
