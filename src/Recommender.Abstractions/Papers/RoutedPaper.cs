namespace Recommender.Abstractions.Papers;

/// <summary>A paper on its way through topics to feeds: what ranking needs, and nothing more.</summary>
/// <remarks>Immutable so that broadcasting it to many grains copies nothing.</remarks>
[GenerateSerializer, Immutable, Alias("recommender.RoutedPaper")]
public sealed record RoutedPaper
{
    [Id(0)] public required PaperSummary Summary { get; init; }
    [Id(1)] public required float[] Vector { get; init; }
    [Id(2)] public required IReadOnlyList<TopicMatch> Topics { get; init; }
    /// <summary>Days from publication to arrival in the service.</summary>
    [Id(3)] public float AgeDays { get; init; }
    [Id(4)] public DateTimeOffset ArrivedAt { get; init; }
    /// <summary>The paper's place in the catalogue (arrival order); feeds store this instead of the id.</summary>
    [Id(5)] public long Position { get; init; }
    /// <summary>The encoder that made <see cref="Vector"/> (<see cref="EncoderIds"/>).</summary>
    [Id(6)] public string Encoder { get; init; } = "";

    public string Id => Summary.Id;
}
