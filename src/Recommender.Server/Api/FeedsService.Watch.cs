// Feeds.WatchFeed: validates the request and hands the stream to the silo's FeedWatcher.
using Grpc.Core;
using Recommender.Server.Watch;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed partial class FeedsService
{
    public override Task WatchFeed(V1.WatchFeedRequest request, IServerStreamWriter<V1.FeedEvent> responseStream, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var known = request.Cursor.Length == 0 ? null
            : request.Cursor.Length <= 100_000 && FeedWatchCursor.Decode(request.Cursor) is { } positions ? positions
            : throw Invalid("cursor", "is not a cursor this server issued");
        return watcher.RunAsync(userId, known, responseStream, context);
    }
}
