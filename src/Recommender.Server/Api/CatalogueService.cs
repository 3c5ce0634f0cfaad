// Catalogue API: re-encodes the stored papers' vectors with the server's encoder, one batch per call,
// so that a client can move a catalogue from one encoder to another and resume where it stopped.
using Grpc.Core;
using Recommender.Abstractions.Papers;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class CatalogueService(IPaperStore store, IPaperEncoder encoder) : V1.Catalogue.CatalogueBase
{
    public override async Task<V1.ReencodePapersResponse> ReencodePapers(V1.ReencodePapersRequest request, ServerCallContext context)
    {
        // Vectors of two encoders are never compared, so the catalogue can only be moved to the encoder the
        // server itself writes and compares with: anything else would leave the papers unreachable.
        if (!string.Equals(request.Encoder, encoder.Name, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"encoder: the server encodes with '{encoder.Name}', not '{request.Encoder}'; start it with that encoder (Recommender:Encoder) first"));
        }
        var size = RequestValidation.PageSize(request.BatchSize, 200, 1000);
        var page = await store.ListAsync(PageTokens.Position(request.PageToken), size, context.CancellationToken);
        var stale = page.Papers.Where(p => !EncoderIds.Same(p.Encoder, encoder.Name)).ToArray();
        if (stale.Length > 0)
        {
            var vectors = encoder.EncodeBatch(stale.Select(p => (p.Paper.Title, p.Paper.Abstract)).ToArray());
            await store.ReplaceVectorsAsync(stale.Select((p, i) => p with { Vector = vectors[i], Encoder = encoder.Name }).ToArray(), context.CancellationToken);
        }
        return new V1.ReencodePapersResponse
        {
            Scanned = page.Papers.Count,
            Reencoded = stale.Length,
            NextPageToken = PageTokens.After(page.NextAfter),
            Encoder = encoder.Name,
        };
    }
}
