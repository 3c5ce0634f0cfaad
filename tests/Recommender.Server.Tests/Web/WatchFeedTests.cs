// Feeds.WatchFeed end to end: an event for a published paper within the stream, LEFT for a
// hidden one, resuming from a cursor, heartbeats, the REST stream, and bad requests.
using System.Text.Json;
using Grpc.Core;
using Recommender.Api.V1;
using Kind = Recommender.Api.V1.FeedEvent.Types.Kind;

namespace Recommender.Server.Tests.Web;

[Collection(ReadSideCollection.Name)]
public sealed class WatchFeedTests(ReadSideServer world)
{
    private Recommender.Api.V1.Feeds.FeedsClient Feeds => new(world.Server.Channel);

    [Fact]
    public async Task A_published_paper_arrives_as_entered_and_a_hidden_one_as_left()
    {
        var topicId = await world.TopicAsync(Theme.Entered);
        var user = await world.NewUserAsync("watch", topicId);
        using var call = Feeds.WatchFeed(new WatchFeedRequest { UserId = user });
        var events = new EventReader(call.ResponseStream);
        var snapshot = await events.UntilAsync(Kind.Synced);
        Assert.Equal(0, snapshot[^1].Total);

        var published = await world.PublishAsync(Theme.Entered, count: 1);
        var entered = await events.UntilAsync(Kind.Synced);
        var item = Assert.Single(entered, e => e.Kind == Kind.Entered);
        Assert.Equal(published[0], item.PaperId);
        Assert.Equal(published[0], item.Item.Paper.Id);
        Assert.Contains(item.Item.Reasons, r => r.StartsWith("topic:" + topicId));
        Assert.NotEmpty(item.Item.TaskScores);

        await new Users.UsersClient(world.Server.Channel).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = published[0], Kind = FeedbackKind.Hide });
        var left = await events.UntilAsync(Kind.Synced);
        Assert.Equal(published[0], Assert.Single(left, e => e.Kind == Kind.Left).PaperId);
        Assert.DoesNotContain(left, e => e.Kind == Kind.Entered);
    }

    [Fact]
    public async Task A_watch_resumed_from_a_cursor_gets_exactly_what_changed_meanwhile_and_heartbeats_carry_one()
    {
        var user = await world.NewUserAsync("resume", await world.TopicAsync(Theme.Resume));
        var before = await world.PublishAsync(Theme.Resume, count: 3);
        string cursor;
        using (var call = Feeds.WatchFeed(new WatchFeedRequest { UserId = user }))
        {
            var events = new EventReader(call.ResponseStream);
            var snapshot = await events.UntilAsync(Kind.Synced);
            Assert.Equal(before.Order(), snapshot.Where(e => e.Kind == Kind.Entered).Select(e => e.PaperId).Order());
            // Nothing changes now: the next event is a heartbeat (the server's is 1 s here), with a cursor.
            var heartbeat = await events.NextAsync();
            Assert.Equal(Kind.Heartbeat, heartbeat.Kind);
            Assert.Equal(snapshot[^1].Cursor, heartbeat.Cursor);
            cursor = heartbeat.Cursor;
        }

        await world.PublishAsync(Theme.Resume, count: 2);
        await new Users.UsersClient(world.Server.Channel).RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = before[0], Kind = FeedbackKind.Hide });
        // What entered meanwhile: the papers in the feed now that were not in it before.
        var now = await world.FeedIdsAsync(user);
        var added = now.Except(before).ToArray();
        Assert.NotEmpty(added);

        using var resumed = Feeds.WatchFeed(new WatchFeedRequest { UserId = user, Cursor = cursor });
        var missed = await new EventReader(resumed.ResponseStream).UntilAsync(Kind.Synced);
        Assert.Equal(added.Order(), missed.Where(e => e.Kind == Kind.Entered).Select(e => e.PaperId).Order());
        Assert.Equal([before[0]], missed.Where(e => e.Kind == Kind.Left).Select(e => e.PaperId));
        Assert.Equal(now.Length, missed[^1].Total);
    }

    [Fact]
    public async Task Watching_an_unknown_user_or_from_a_foreign_cursor_is_refused_naming_the_field()
    {
        using var unknown = Feeds.WatchFeed(new WatchFeedRequest { UserId = "nobody-" + Guid.NewGuid().ToString("N")[..6] });
        var notFound = await Assert.ThrowsAsync<RpcException>(() => unknown.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.StartsWith("user_id", notFound.Status.Detail);

        var user = await world.NewUserAsync("cursor");
        using var foreign = Feeds.WatchFeed(new WatchFeedRequest { UserId = user, Cursor = "bm90LWEtY3Vyc29y" });
        var invalid = await Assert.ThrowsAsync<RpcException>(() => foreign.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.StartsWith("cursor", invalid.Status.Detail);
    }

    [Fact]
    public async Task The_rest_watch_streams_newline_delimited_json_events()
    {
        var user = await world.NewUserAsync("ndjson", await world.TopicAsync(Theme.Rest));
        using var http = world.HttpAs(user);
        // "me": the token's own user.
        using var response = await http.GetAsync("v1/users/me/feed:watch", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.IsSuccessStatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonDocument.Parse((await ReadLine(reader))!).RootElement;
        Assert.Equal("SYNCED", first.GetProperty("kind").GetString());

        var published = await world.PublishAsync(Theme.Rest, count: 1);
        JsonElement line;
        do
        {
            line = JsonDocument.Parse((await ReadLine(reader))!).RootElement;
        }
        while (line.GetProperty("kind").GetString() == "HEARTBEAT");
        Assert.Equal("ENTERED", line.GetProperty("kind").GetString());
        Assert.Equal(published[0], line.GetProperty("item").GetProperty("paper").GetProperty("id").GetString());
    }

    /// <summary>A guard against a hang, not a speed check: an event is due long before.</summary>
    private static Task<string?> ReadLine(StreamReader reader) => reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Reads events one by one, each within a generous guard against a hang.</summary>
    internal sealed class EventReader(IAsyncStreamReader<FeedEvent> stream)
    {
        public async Task<FeedEvent> NextAsync()
        {
            Assert.True(await stream.MoveNext().WaitAsync(TimeSpan.FromSeconds(30)), "the stream ended");
            return stream.Current;
        }

        /// <summary>Events up to and including the next one of <paramref name="kind"/>, heartbeats left out.</summary>
        public async Task<List<FeedEvent>> UntilAsync(Kind kind)
        {
            var events = new List<FeedEvent>();
            while (true)
            {
                var next = await NextAsync();
                if (next.Kind != Kind.Heartbeat || kind == Kind.Heartbeat)
                {
                    events.Add(next);
                }
                if (next.Kind == kind)
                {
                    return events;
                }
            }
        }
    }
}
