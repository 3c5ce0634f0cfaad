// One of a user's several interests: the normalized centre of a group of the user's own papers
// (seeds, keywords, positive feedback), so that a reader of two themes is not the blur between them.
namespace Recommender.Abstractions.Topics;

[GenerateSerializer, Immutable, Alias("recommender.InterestCentroid")]
public sealed record InterestCentroid
{
    /// <summary>Unit length; of the encoder of the profile that holds it.</summary>
    [Id(0)] public required float[] Vector { get; init; }

    /// <summary>How much signal the group gathered (a seed counts 1, a save 0.4, a click 0.15), capped so the centre keeps moving.</summary>
    [Id(1)] public float Weight { get; init; }
}
