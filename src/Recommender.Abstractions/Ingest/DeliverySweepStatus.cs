// What the hand-over sweep reports about itself, for tests and operators.
namespace Recommender.Abstractions.Ingest;

[GenerateSerializer, Immutable, Alias("recommender.DeliverySweepStatus")]
public sealed record DeliverySweepStatus
{
    /// <summary>The silo the sweep is active on.</summary>
    [Id(0)] public required string Silo { get; init; }

    /// <summary>Completed looks at the catalogue since activation (failed ones not counted).</summary>
    [Id(1)] public int Looks { get; init; }

    /// <summary>Papers handed over again since activation.</summary>
    [Id(2)] public long Redelivered { get; init; }

    /// <summary>Looks that failed since activation (each is retried at the next tick).</summary>
    [Id(3)] public int Failures { get; init; }
}
