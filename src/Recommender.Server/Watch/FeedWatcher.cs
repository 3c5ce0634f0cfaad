// Runs one WatchFeed call: reads the feed whenever the hub says it may have changed (or a
// heartbeat is due), and sends what entered and left since the client's copy, then SYNCED with
// a cursor. The client's copy is the only state kept, so a slow client simply gets one larger
// difference later, and a call resumed elsewhere from a cursor gets exactly what it missed.
using Grpc.Core;
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Users;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Server.Api;
using Recommender.Storage.Feeds;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Watch;

/// <param name="Heartbeat">How long a watch stays silent before a HEARTBEAT (and a resync, in case a notice was lost).</param>
/// <param name="WriteTimeout">A client that takes longer to accept one event is cut off.</param>
public sealed record FeedWatchOptions(TimeSpan Heartbeat, TimeSpan WriteTimeout);

public sealed class FeedWatcher(FeedWatchHub hub, IFeedStore feeds, PaperCards cards, IGrainFactory grains, FeedScorer scorer,
    IOptions<RecommenderOptions> options, FeedWatchOptions settings)
{
    public async Task RunAsync(string userId, HashSet<long>? known, IServerStreamWriter<V1.FeedEvent> stream, ServerCallContext context)
    {
        try
        {
            await Run(userId, known, stream, context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a watch.
        }
    }

    private async Task Run(string userId, HashSet<long>? known, IServerStreamWriter<V1.FeedEvent> stream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        // Registered before the first read: a write after that read is sure to wake it.
        using var watch = await hub.WatchAsync(userId)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"user_id: at most {FeedWatchHub.MaxWatchesPerUser} watches of one feed at once"));
        var current = await ReadFeed(userId, cancellation)
            ?? throw new RpcException(new Status(StatusCode.Unavailable, "the feed store did not answer; retrying is safe"));
        var copy = known ?? [];
        copy = await SendChanges(copy, current, stream, context, force: true);
        while (!cancellation.IsCancellationRequested)
        {
            var woken = await watch.WaitAsync(settings.Heartbeat, cancellation);
            if (cancellation.IsCancellationRequested)
            {
                return;
            }
            if (await ReadFeed(userId, cancellation) is { } now)
            {
                var next = await SendChanges(copy, now, stream, context, force: false);
                if (ReferenceEquals(next, copy) && !woken)
                {
                    await Send(stream, context, new V1.FeedEvent { Kind = V1.FeedEvent.Types.Kind.Heartbeat, Cursor = FeedWatchCursor.Encode(copy), Total = copy.Count });
                }
                copy = next;
            }
            else if (!woken)
            {
                await Send(stream, context, new V1.FeedEvent { Kind = V1.FeedEvent.Types.Kind.Heartbeat, Cursor = FeedWatchCursor.Encode(copy), Total = copy.Count });
            }
        }
    }

    /// <summary>The whole stored feed in feed order; rebuilt by the user grain on a miss or when another ranker scored it; null while the store is unreachable.</summary>
    private async Task<FeedItem[]?> ReadFeed(string userId, CancellationToken cancellationToken)
    {
        var size = options.Value.FeedSize;
        if (await feeds.ReadAsync(userId, 0, size, cancellationToken) is { } stored && scorer.IsCurrent(userId, stored.Items))
        {
            return stored.Items.ToArray();
        }
        _ = await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(0, 0)
            ?? throw RequestValidation.NotFound("user_id", userId);
        return (await feeds.ReadAsync(userId, 0, size, cancellationToken))?.Items.ToArray();
    }

    /// <summary>Sends LEFT and ENTERED events that turn <paramref name="copy"/> into <paramref name="now"/>, then SYNCED; answers the new copy (the same object when nothing changed).</summary>
    private async Task<HashSet<long>> SendChanges(HashSet<long> copy, FeedItem[] now, IServerStreamWriter<V1.FeedEvent> stream, ServerCallContext context, bool force)
    {
        var positions = now.Select(i => i.Position).ToHashSet();
        var left = copy.Where(p => !positions.Contains(p)).ToArray();
        var entered = now.Select((item, index) => (item, rank: index + 1)).Where(e => !copy.Contains(e.item.Position)).ToArray();
        if (left.Length == 0 && entered.Length == 0 && !force)
        {
            return copy;
        }
        var found = await cards.GetAsync([.. left, .. entered.Select(e => e.item.Position)], context.CancellationToken);
        foreach (var position in left)
        {
            // A paper gone from the catalogue too is still gone from the feed; its id is unknown then.
            var paperId = found.TryGetValue(position, out var card) ? card.Summary.Id : "";
            await Send(stream, context, new V1.FeedEvent { Kind = V1.FeedEvent.Types.Kind.Left, PaperId = paperId, Total = now.Length });
        }
        foreach (var (item, rank) in entered)
        {
            if (found.TryGetValue(item.Position, out var card))
            {
                var entry = FeedEntries.ToEntry(item, card);
                await Send(stream, context, new V1.FeedEvent { Kind = V1.FeedEvent.Types.Kind.Entered, Item = entry.ToApi(rank), PaperId = entry.PaperId, Total = now.Length });
            }
            else
            {
                positions.Remove(item.Position);
            }
        }
        await Send(stream, context, new V1.FeedEvent { Kind = V1.FeedEvent.Types.Kind.Synced, Cursor = FeedWatchCursor.Encode(positions), Total = now.Length });
        return positions;
    }

    private async Task Send(IServerStreamWriter<V1.FeedEvent> stream, ServerCallContext context, V1.FeedEvent message)
    {
        try
        {
            await stream.WriteAsync(message).WaitAsync(settings.WriteTimeout, context.CancellationToken);
        }
        catch (TimeoutException)
        {
            // The client stopped reading: end the call rather than hold its buffers.
            context.GetHttpContext().Abort();
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "the client did not read the stream"));
        }
    }
}
