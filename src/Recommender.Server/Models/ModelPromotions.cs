// Carries a promoted model to every silo: the silo that takes `PromoteModel` checks the model,
// stores it (the durable step) and swaps it in; every silo polls the stored digests and loads a
// model that changed, and loads the promoted models at start, so a restart serves them too.
// Polling a one-row-per-variant table is cheap, and unlike a message it cannot be missed by a
// silo that was starting or cut off when the promotion happened.
using System.Security.Cryptography;
using Grpc.Core;
using Recommender.Grains.Feeds;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Models;
using static Recommender.Server.Api.RequestValidation;

namespace Recommender.Server.Models;

public sealed record PromotionResult(string Variant, string Version, string PreviousVersion, bool Unchanged, string Digest);

public sealed class ModelPromotions(RankerVariants variants, IModelStore store, RankingSettings settings, TimeProvider clock, ILogger<ModelPromotions> logger)
    : BackgroundService
{
    /// <summary>Checks, stores and serves <paramref name="model"/> for a variant; a model that cannot be served changes nothing.</summary>
    public async Task<PromotionResult> PromoteAsync(byte[] model, string variantName, CancellationToken cancellationToken)
    {
        var variant = variantName.Length == 0 ? variants.All[0] : variants.Named(variantName)
            ?? throw Invalid("variant", $"'{Shorten(variantName)}' is not a configured ranker variant (configured: {string.Join(", ", variants.All.Select(v => v.Name))})");
        if (model.Length == 0)
        {
            throw Invalid("model", "must not be empty: send the bytes of an ONNX model file");
        }
        var digest = Convert.ToHexStringLower(SHA256.HashData(model));
        var previous = variant.Source.Current.Descriptor.Version;
        if (variant.Source.PromotedDigest == digest)
        {
            return new PromotionResult(variant.Name, previous, previous, Unchanged: true, digest);
        }
        var ranker = Load(model, "model");
        try
        {
            // Feeds and thresholds tell rankers apart by version: another model under the serving version would pass for it.
            if (ranker.Descriptor.Version == previous)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"model: its model_version '{previous}' already serves variant '{variant.Name}'; a different model needs its own model_version"));
            }
            await store.SaveAsync(new PromotedModel(variant.Name, ranker.Descriptor.Version, digest, model, clock.GetUtcNow()), cancellationToken);
        }
        catch
        {
            ranker.Dispose();
            throw;
        }
        Serve(variant, ranker, digest);
        return new PromotionResult(variant.Name, ranker.Descriptor.Version, previous, Unchanged: false, digest);
    }

    /// <summary>Loads the promoted models before the service answers anything (hosted services start before the server listens).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        foreach (var variant in variants.All)
        {
            // Known before the first feed read, so entries scored by this ranker on other silos show its version.
            RankerTags.Of(variant.Source.Current.Descriptor);
            logger.LogInformation("Ranker variant {Variant} ({Share:P0}) serves {Version}", variant.Name,
                variant.Share / variants.All.Sum(v => v.Share), variant.Source.Current.Descriptor.Version);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a while: keep serving what is loaded, look again next tick.
                logger.LogWarning(e, "Could not look for promoted models; serving the loaded ones");
            }
        }
    }

    /// <summary>Loads every variant's promoted model whose digest differs from the one served here.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var digests = await store.DigestsAsync(cancellationToken);
        foreach (var variant in variants.All)
        {
            if (!digests.TryGetValue(variant.Name, out var digest) || digest == variant.Source.PromotedDigest)
            {
                continue;
            }
            if (await store.GetAsync(variant.Name, cancellationToken) is not { } stored)
            {
                continue;
            }
            try
            {
                Serve(variant, Load(stored.Model, $"promoted model of variant {variant.Name}"), stored.Digest);
            }
            catch (RpcException e)
            {
                // Checked when it was promoted; a silo with another feature schema (a rolling upgrade) keeps its model.
                logger.LogError("Promoted model {Version} of variant {Variant} cannot be served here: {Reason}", stored.Version, variant.Name, e.Status.Detail);
            }
        }
    }

    private void Serve(RankerVariant variant, OnnxRanker ranker, string digest)
    {
        var previous = variant.Source.Current.Descriptor.Version;
        RankerTags.Of(ranker.Descriptor);
        if (variant.Source.Promote(ranker, digest))
        {
            logger.LogInformation("Variant {Variant} now serves model {Version} (was {Previous})", variant.Name, ranker.Descriptor.Version, previous);
        }
    }

    private static OnnxRanker Load(byte[] model, string source)
    {
        try
        {
            return OnnxRanker.Load(model, PairFeatures.Names, source: source);
        }
        catch (InvalidModelException e)
        {
            throw Invalid("model", e.Message);
        }
    }
}
