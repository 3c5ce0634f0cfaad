// Feed reads: from the cache when it has the feed, else from the user grain (which
// also puts the feed back into the cache).
using Grpc.Core;
using Recommender.Abstractions;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class FeedsService(IGrainFactory grains, IFeedCache cache) : V1.Feeds.FeedsBase
{
    public override async Task<V1.GetFeedResponse> GetFeed(V1.GetFeedRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var size = PageSize(request.PageSize, 20, 100);
        var offset = (int)PageTokens.Offset(request.PageToken);
        var page = await cache.ReadAsync(userId, offset, size, context.CancellationToken)
            ?? await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(offset, size)
            ?? throw NotFound("user_id", userId);

        var response = new V1.GetFeedResponse
        {
            Total = page.Total,
            RankerVersion = page.RankerVersion,
            NextPageToken = PageTokens.Next(offset, page.Entries.Count, page.Total),
        };
        response.Items.AddRange(page.Entries.Select((e, i) => e.ToApi(offset + i + 1)));
        return response;
    }
}
