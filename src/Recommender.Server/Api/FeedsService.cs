// Feed reads: from the feed store when it has the feed (paper summaries from the silo's cards),
// else from the user grain, which rebuilds the feed and puts it back.
using Grpc.Core;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Telemetry;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;

namespace Recommender.Server.Api;

public sealed class FeedsService(
    IGrainFactory grains, IFeedStore feeds, PaperCards cards, RecommenderMetrics metrics, UnseenFeed unseen, ImpressionRecorder impressions) : V1.Feeds.FeedsBase
{
    public override async Task<V1.GetFeedResponse> GetFeed(V1.GetFeedRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var size = PageSize(request.PageSize, 20, 100);
        var offset = (int)PageTokens.Offset(request.PageToken);
        if (request.UnseenOnly)
        {
            return await unseen.PageAsync(userId, offset, size, (o, n) => ReadAsync(userId, o, n, context.CancellationToken), context.CancellationToken);
        }
        var page = await ReadAsync(userId, offset, size, context.CancellationToken);

        var response = new V1.GetFeedResponse
        {
            Total = page.Total,
            RankerVersion = page.RankerVersion,
            NextPageToken = PageTokens.Next(offset, page.Entries.Count, page.Total),
        };
        response.Items.AddRange(page.Entries.Select((e, i) => e.ToApi(offset + i + 1)));
        return response;
    }

    public override Task<V1.RecordImpressionsResponse> RecordImpressions(V1.RecordImpressionsRequest request, ServerCallContext context) =>
        impressions.RecordAsync(request, context.CancellationToken);

    private async Task<FeedPage> ReadAsync(string userId, int offset, int size, CancellationToken cancellationToken) =>
        await FromStore(userId, offset, size, cancellationToken)
            ?? await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(offset, size)
            ?? throw NotFound("user_id", userId);

    private async Task<FeedPage?> FromStore(string userId, int offset, int size, CancellationToken cancellationToken)
    {
        var stored = await feeds.ReadAsync(userId, offset, size, cancellationToken);
        if (stored is null)
        {
            metrics.FeedCacheMiss();
            return null;
        }
        metrics.FeedCacheHit();
        var found = await cards.GetAsync(stored.Items.Select(i => i.Position).ToArray(), cancellationToken);
        var entries = stored.Items
            .Where(i => found.ContainsKey(i.Position))
            .Select(i => FeedEntries.ToEntry(i, found[i.Position]))
            .ToArray();
        return new FeedPage { Entries = entries, Total = stored.Total, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
    }
}
