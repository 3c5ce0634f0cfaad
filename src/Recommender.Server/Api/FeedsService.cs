// Feed reads (pages pinned by FeedPageTokens, read by FeedReader, tagged by FeedETags) and
// watches (FeedsService.Watch.cs).
using Grpc.Core;
using Recommender.Server.Watch;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed partial class FeedsService(FeedReader reader, FeedWatcher watcher, UnseenFeed unseen, ImpressionRecorder impressions) : V1.Feeds.FeedsBase
{
    public override async Task<V1.GetFeedResponse> GetFeed(V1.GetFeedRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var size = PageSize(request.PageSize, 20, 100);
        var page = await reader.ReadAsync(userId, request.PageToken, size, context.CancellationToken,
                request.UnseenOnly ? unseen.SeenFilter(userId, context.CancellationToken) : null)
            ?? throw NotFound("user_id", userId);

        return FeedETags.Apply(ToResponse(page), context);
    }

    /// <summary>A page as GetFeed answers it, without the etag.</summary>
    internal static V1.GetFeedResponse ToResponse(FeedSlice page)
    {
        var response = new V1.GetFeedResponse
        {
            Total = page.Total,
            RankerVersion = page.RankerVersion,
            NextPageToken = page.Next,
        };
        response.Items.AddRange(page.Items);
        return response;
    }

    public override Task<V1.RecordImpressionsResponse> RecordImpressions(V1.RecordImpressionsRequest request, ServerCallContext context) =>
        impressions.RecordAsync(request, context.CancellationToken);
}
