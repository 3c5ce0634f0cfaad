// The ranker variants (A/B) and how often silos look for a promoted model, from configuration:
// Recommender:Ranking:Variants:<i>:Name / ModelPath / Share, Recommender:Ranking:ModelPollInterval.
using System.Globalization;
using Recommender.Server.Hosting;

namespace Recommender.Server.Models;

/// <param name="ModelPath">An ONNX file, or "cosine" for the model-free ranker.</param>
public sealed record VariantSettings(string Name, string ModelPath, double Share);

public sealed record RankingSettings(IReadOnlyList<VariantSettings> Variants, TimeSpan PollInterval)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Without Variants: one variant, "default", serving Recommender:ModelPath to everyone.</summary>
    public static RankingSettings From(IConfiguration configuration, ServerSettings server)
    {
        var section = configuration.GetSection("Recommender:Ranking");
        var poll = section["ModelPollInterval"] is { Length: > 0 } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : DefaultPollInterval;
        if (poll <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Recommender:Ranking:ModelPollInterval must be positive; got {poll}.");
        }
        var variants = section.GetSection("Variants").GetChildren().Select((child, i) => new VariantSettings(
            child["Name"] is { Length: > 0 } name ? name : throw new InvalidOperationException($"Recommender:Ranking:Variants:{i}:Name is required."),
            child["ModelPath"] is { Length: > 0 } path ? path : server.ModelPath,
            child["Share"] is { Length: > 0 } share ? double.Parse(share, CultureInfo.InvariantCulture) : 1)).ToArray();
        return new RankingSettings(variants.Length > 0 ? variants : [new VariantSettings("default", server.ModelPath, 1)], poll);
    }
}
