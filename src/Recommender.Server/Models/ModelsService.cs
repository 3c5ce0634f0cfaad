// Models.PromoteModel and Models.ListModels: the operator's handle on what ranks the feeds.
using Grpc.Core;
using Recommender.Ranking.Scoring;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Models;

public sealed class ModelsService(ModelPromotions promotions, RankerVariants variants, ILocalSiloDetails silo) : V1.Models.ModelsBase
{
    public override async Task<V1.PromoteModelResponse> PromoteModel(V1.PromoteModelRequest request, ServerCallContext context)
    {
        var result = await promotions.PromoteAsync(request.Model.ToByteArray(), request.Variant, context.CancellationToken);
        return new V1.PromoteModelResponse
        {
            Variant = result.Variant,
            RankerVersion = result.Version,
            PreviousVersion = result.PreviousVersion,
            Unchanged = result.Unchanged,
            Digest = result.Digest,
        };
    }

    public override Task<V1.ListModelsResponse> ListModels(V1.ListModelsRequest request, ServerCallContext context)
    {
        var total = variants.All.Sum(v => v.Share);
        var response = new V1.ListModelsResponse { Silo = silo.SiloAddress.ToString() };
        response.Variants.AddRange(variants.All.Select(v => new V1.ServingModel
        {
            Variant = v.Name,
            Share = v.Share / total,
            RankerVersion = v.Source.Current.Descriptor.Version,
            Promoted = v.Source.PromotedDigest is not null,
            Digest = v.Source.PromotedDigest ?? "",
        }));
        return Task.FromResult(response);
    }
}
