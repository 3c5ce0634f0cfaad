// Catalogue API: moves stored vectors to the server's encoder, one batch per call (papers, then users),
// so that a client can migrate a catalogue from one encoder to another and resume where it stopped.
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.WebUtilities;
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Users;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;
using Recommender.Storage.Subscriptions;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class CatalogueService(IPaperStore store, ISubscriptionStore subscriptions, IGrainFactory grains, IPaperEncoder encoder) : V1.Catalogue.CatalogueBase
{
    private const string UserTokenPrefix = "u1:";

    public override async Task<V1.ReencodePapersResponse> ReencodePapers(V1.ReencodePapersRequest request, ServerCallContext context)
    {
        EnsureServerEncoder(request.Encoder);
        var size = RequestValidation.PageSize(request.BatchSize, 200, 1000, "batch_size");
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

    public override async Task<V1.ReencodeUsersResponse> ReencodeUsers(V1.ReencodeUsersRequest request, ServerCallContext context)
    {
        EnsureServerEncoder(request.Encoder);
        var size = RequestValidation.PageSize(request.BatchSize, 200, 1000, "batch_size");
        var users = await subscriptions.UsersAfterAsync(AfterUser(request.PageToken), size, context.CancellationToken);
        // One user at a time: each re-derivation reads its papers and rebuilds a feed, and a batch should not flood the silo.
        var reencoded = 0;
        foreach (var userId in users)
        {
            if (await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).Reencode())
            {
                reencoded++;
            }
        }
        return new V1.ReencodeUsersResponse
        {
            Scanned = users.Count,
            Reencoded = reencoded,
            NextPageToken = users.Count < size ? "" : UserTokenPrefix + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(users[^1])),
            Encoder = encoder.Name,
        };
    }

    /// <summary>
    /// Vectors of two encoders are never compared, so stored vectors can only move to the encoder the server itself
    /// writes and compares with; moving them anywhere else would leave them unreachable.
    /// </summary>
    private void EnsureServerEncoder(string requested)
    {
        if (!string.Equals(requested, encoder.Name, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"encoder: the server encodes with '{encoder.Name}', not '{requested}'; start it with that encoder (Recommender:Encoder) first"));
        }
    }

    private static string AfterUser(string token)
    {
        if (token.Length == 0)
        {
            return "";
        }
        try
        {
            if (token.StartsWith(UserTokenPrefix, StringComparison.Ordinal))
            {
                return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token[UserTokenPrefix.Length..]));
            }
        }
        catch (FormatException)
        {
        }
        throw RequestValidation.Invalid("page_token", "not a token this call returned");
    }
}
