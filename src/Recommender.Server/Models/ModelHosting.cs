// Wires the ranker variants (A/B), the promoted-model store and its poller, and the Models service.
using System.Data.Common;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Server.Hosting;
using Recommender.Storage.Models;
using Recommender.Storage.Schema;

namespace Recommender.Server.Models;

public static class ModelHosting
{
    /// <param name="writer">The database's single-writer gate (SQLite); null for PostgreSQL.</param>
    public static void AddModels(this WebApplicationBuilder builder, ServerSettings settings, DbDataSource database, WriterGate? writer)
    {
        var ranking = RankingSettings.From(builder.Configuration, settings);
        builder.Services.AddSingleton(ranking);
        builder.Services.AddSingleton<IModelStore>(services =>
            new SqlModelStore(database, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, writer));
        builder.Services.AddSingleton(services => new RankerVariants(ranking.Variants
            .Select(v => new RankerVariant(v.Name, v.Share, new PromotableRankerSource(Configured(v, services))))
            .ToArray()));
        // The first variant's source, for whatever asks for one ranker.
        builder.Services.AddSingleton<IRankerSource>(services => services.GetRequiredService<RankerVariants>().All[0].Source);
        builder.Services.AddSingleton<ModelPromotions>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ModelPromotions>());
    }

    public static void MapModels(this WebApplication app) => app.MapGrpcService<ModelsService>();

    /// <summary>The variant's configured ranker: its ONNX file, checked against the features the service builds (a mismatch stops the start) and reloaded when the file changes; or cosine.</summary>
    private static IRankerSource Configured(VariantSettings variant, IServiceProvider services)
    {
        if (string.Equals(variant.ModelPath, ServerSettings.CosineRanker, StringComparison.OrdinalIgnoreCase))
        {
            return new FixedRankerSource(new CosineRanker());
        }
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Recommender.Model");
        var source = new ModelFileRankerSource(Path.GetFullPath(variant.ModelPath), PairFeatures.Names, message => logger.LogInformation("{Variant}: {Message}", variant.Name, message));
        logger.LogInformation("Variant {Variant} configured with model {Version} from {Path}", variant.Name, source.Current.Descriptor.Version, variant.ModelPath);
        return source;
    }
}
