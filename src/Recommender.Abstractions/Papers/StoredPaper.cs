namespace Recommender.Abstractions.Papers;

/// <summary>A paper as the catalogue keeps it: metadata, vector and routing.</summary>
[GenerateSerializer, Immutable, Alias("recommender.StoredPaper")]
public sealed record StoredPaper
{
    [Id(0)] public required PaperRecord Paper { get; init; }
    [Id(1)] public required float[] Vector { get; init; }
    [Id(2)] public required IReadOnlyList<TopicMatch> Topics { get; init; }
    [Id(3)] public DateTimeOffset ArrivedAt { get; init; }
    [Id(4)] public float AgeDays { get; init; }
    /// <summary>Assigned by the catalogue when the paper is stored (not part of the row's payload).</summary>
    [Id(5)] public long Position { get; init; }
    /// <summary>Whether every follower of the paper's topics has been scored for it (read from the catalogue).</summary>
    [Id(6)] public bool FannedOut { get; init; }
    /// <summary>The encoder that made <see cref="Vector"/> (<see cref="EncoderIds"/>; empty in rows older than the field).</summary>
    [Id(7)] public string Encoder { get; init; } = "";

    public RoutedPaper ToRouted() => new()
    {
        Summary = Paper.ToSummary(),
        Vector = Vector,
        Topics = Topics,
        AgeDays = AgeDays,
        ArrivedAt = ArrivedAt,
        Position = Position,
        Encoder = Encoder,
    };
}
