// Where promoted ranking models live: one row per ranker variant in the service's database, so
// every silo finds the same model and a restart serves what was promoted last.
namespace Recommender.Storage.Models;

/// <param name="Digest">SHA-256 of <paramref name="Model"/>, hex: what silos compare to notice a promotion.</param>
public sealed record PromotedModel(string Variant, string Version, string Digest, byte[] Model, DateTimeOffset PromotedAt);

public interface IModelStore
{
    /// <summary>Makes <paramref name="model"/> the variant's promoted model; returns once it is durable.</summary>
    Task SaveAsync(PromotedModel model, CancellationToken cancellationToken = default);

    /// <summary>Variant → digest of its promoted model (a cheap read, polled by every silo).</summary>
    Task<IReadOnlyDictionary<string, string>> DigestsAsync(CancellationToken cancellationToken = default);

    /// <summary>The variant's promoted model, or null when none was promoted.</summary>
    Task<PromotedModel?> GetAsync(string variant, CancellationToken cancellationToken = default);
}
