// REST beside gRPC, checked with a plain HTTP client that knows only the OpenAPI document:
// the walk-through, the status mapping, ETags and paging through a feed that changes.
using System.Net;
using System.Text.Json;
using Grpc.Core;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Web;

[Collection(ReadSideCollection.Name)]
public sealed class RestEndToEndTests(ReadSideServer world)
{
    private HttpClient Http => world.Http;

    [Fact]
    public async Task A_plain_http_client_completes_the_walk_through_with_only_the_openapi_document_and_a_user_token()
    {
        // The document needs no token; every call after it carries the user's own.
        using var anonymous = world.HttpAs(null);
        var api = await OpenApi.LoadAsync(anonymous);
        var user = "rest-" + Guid.NewGuid().ToString("N")[..8];
        using var http = world.HttpAs(user);
        var topicId = await world.TopicAsync(Theme.Walkthrough);

        var saved = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("put", "/v1/users/{user.id}", new() { ["user.id"] = user },
            new { id = user, email = $"{user}@example.org", displayName = "Rest Walker" })));
        Assert.Equal(user, saved.GetProperty("id").GetString());
        var topics = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("get", "/v1/topics", [])));
        Assert.Contains(topics.GetProperty("topics").EnumerateArray(), t => t.GetProperty("id").GetString() == topicId);
        var follow = new Dictionary<string, string> { ["userId"] = user, ["topicId"] = topicId };
        await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("put", "/v1/users/{userId}/follows/{topicId}", follow)));

        var published = await world.PublishAsync(Theme.Walkthrough, count: 6);
        var status = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("post", "/v1/papers:fanOutStatus", [], new { paperIds = published })));
        var statuses = status.GetProperty("papers").EnumerateArray().ToArray();
        Assert.Equal(published, statuses.Select(s => s.GetProperty("paperId").GetString()));
        Assert.All(statuses, s => Assert.True(s.GetProperty("fannedOut").GetBoolean()));

        var feed = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("get", "/v1/users/{userId}/feed", new() { ["userId"] = user })));
        var items = feed.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(published.Order(), items.Select(i => i.GetProperty("paper").GetProperty("id").GetString()!).Order());
        Assert.All(items, i => Assert.Contains(i.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("topic:" + topicId)));
        Assert.All(items, i => Assert.NotEmpty(i.GetProperty("taskScores").EnumerateObject()));
        var hidden = items[0].GetProperty("paper").GetProperty("id").GetString()!;
        var kept = items[1].GetProperty("paper").GetProperty("id").GetString()!;

        var feedback = new Dictionary<string, string> { ["userId"] = user };
        await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("post", "/v1/users/{userId}/feedback", feedback, new { paperId = hidden, kind = "HIDE" })));
        await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("post", "/v1/users/{userId}/feedback", feedback, new { paperId = kept, kind = "SAVE" })));
        var after = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("get", "/v1/users/{userId}/feed", new() { ["userId"] = user })));
        var ids = after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("paper").GetProperty("id").GetString()).ToArray();
        Assert.DoesNotContain(hidden, ids);
        Assert.Contains(kept, ids);

        var paper = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("get", "/v1/papers/{id}", new() { ["id"] = kept })));
        Assert.Equal(kept, paper.GetProperty("paper").GetProperty("id").GetString());
        var unfollowed = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("delete", "/v1/users/{userId}/follows/{topicId}", follow)));
        Assert.Empty(unfollowed.GetProperty("followedTopics").EnumerateArray());
        var me = await ReadSideServer.JsonAsync(await http.SendAsync(api.Request("get", "/v1/users/{id}", new() { ["id"] = user })));
        Assert.Equal(2, me.GetProperty("feedbackCount").GetInt32());
    }

    [Fact]
    public async Task Rest_errors_carry_the_grpc_status_as_http_status_and_name_the_field()
    {
        var api = await OpenApi.LoadAsync(Http);
        var unknown = await Http.SendAsync(api.Request("get", "/v1/users/{userId}/feed", new() { ["userId"] = "nobody-" + Guid.NewGuid().ToString("N")[..6] }));
        await AssertError(unknown, HttpStatusCode.NotFound, "user_id");
        var user = await world.NewUserAsync("errors");
        // The gRPC services' authentication and access table hold for REST: no token, another user's feed or watch.
        using var anonymous = world.HttpAs(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"v1/users/{user}/feed")).StatusCode);
        using var other = world.HttpAs("someone-else");
        await AssertError(await other.GetAsync($"v1/users/{user}/feed"), HttpStatusCode.Forbidden, "user_id");
        await AssertError(await other.GetAsync($"v1/users/{user}/feed:watch"), HttpStatusCode.Forbidden, "user_id");
        var tooBig = await Http.GetAsync($"v1/users/{user}/feed?pageSize=1000");
        await AssertError(tooBig, HttpStatusCode.BadRequest, "page_size");
        var badToken = await Http.GetAsync($"v1/users/{user}/feed?pageToken=bm90LWEtdG9rZW4");
        await AssertError(badToken, HttpStatusCode.BadRequest, "page_token");
        var noKind = await Http.SendAsync(api.Request("post", "/v1/users/{userId}/feedback", new() { ["userId"] = user }, new { paperId = "x1" }));
        await AssertError(noKind, HttpStatusCode.BadRequest, "kind");
        var badCursor = await Http.GetAsync($"v1/users/{user}/feed:watch?cursor=AAAA");
        await AssertError(badCursor, HttpStatusCode.BadRequest, "cursor");
        var noIds = await Http.SendAsync(api.Request("post", "/v1/papers:fanOutStatus", [], new { paperIds = Array.Empty<string>() }));
        await AssertError(noIds, HttpStatusCode.BadRequest, "paper_ids");
        var unknownPaper = await Http.SendAsync(api.Request("post", "/v1/papers:fanOutStatus", [], new { paperIds = new[] { "no-such-paper" } }));
        await AssertError(unknownPaper, HttpStatusCode.NotFound, "paper_ids[0]");
    }

    [Fact]
    public async Task An_unchanged_feed_page_answers_304_to_its_etag_and_a_changed_one_a_new_page()
    {
        var user = await world.NewUserAsync("etag", await world.TopicAsync(Theme.ETags));
        await world.PublishAsync(Theme.ETags, count: 3);
        var first = await Http.GetAsync($"v1/users/{user}/feed?pageSize=5");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal(etag.Tag, (await ReadSideServer.JsonAsync(first)).GetProperty("etag").GetString());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"v1/users/{user}/feed?pageSize=5");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        // gRPC: the same etag as request metadata.
        var feeds = new Recommender.Api.V1.Feeds.FeedsClient(world.Server.Channel);
        var grpc = await feeds.GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 5 }, new Metadata { { "if-none-match", etag.Tag } });
        Assert.True(grpc.NotModified);
        Assert.Empty(grpc.Items);

        await world.PublishAsync(Theme.ETags, count: 1);
        using var changed = new HttpRequestMessage(HttpMethod.Get, $"v1/users/{user}/feed?pageSize=5");
        changed.Headers.IfNoneMatch.Add(etag);
        var fresh = await Http.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.Equal(4, (await ReadSideServer.JsonAsync(fresh)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Paging_through_a_feed_that_changes_between_pages_never_repeats_or_skips_an_item()
    {
        var user = await world.NewUserAsync("paging", await world.TopicAsync(Theme.Paging));
        await world.PublishAsync(Theme.Paging, count: 12);
        var feeds = new Recommender.Api.V1.Feeds.FeedsClient(world.Server.Channel);
        var before = await world.FeedIdsAsync(user);
        var firstPage = await feeds.GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 8 });
        var seen = firstPage.Items.Select(i => i.Paper.Id).ToList();

        // Between pages: new papers, some ranked above the last one shown (an offset token would
        // then show an item again) and some below; a hidden paper of the first page (an offset
        // token would then skip one); a hidden paper still to come; and, after the feedback, the
        // whole feed re-scored.
        await world.PublishAsync(Theme.Paging, count: 8);
        var middle = await world.FeedIdsAsync(user);
        var pinAt = Array.IndexOf(middle, seen[^1]);
        Assert.True(middle.Take(pinAt).Except(before).Any(), "the test needs a new paper ranked above the pin");
        Assert.True(middle.Skip(pinAt + 1).Except(before).Any(), "the test needs a new paper ranked below the pin");
        var users = new Users.UsersClient(world.Server.Channel);
        await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = seen[1], Kind = FeedbackKind.Hide });
        await users.RecordFeedbackAsync(new RecordFeedbackRequest { UserId = user, PaperId = before[9], Kind = FeedbackKind.Hide });

        var token = firstPage.NextPageToken;
        var rest = new List<string>();
        while (token.Length > 0)
        {
            var page = await feeds.GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = 4, PageToken = token });
            rest.AddRange(page.Items.Select(i => i.Paper.Id));
            token = page.NextPageToken;
        }
        var final = await world.FeedIdsAsync(user);
        var shown = seen.Concat(rest).ToList();
        Assert.Equal(shown.Distinct(), shown);
        // Every paper that was still to come and is still in the feed is shown; nothing that left is.
        Assert.Empty(before.Skip(8).Intersect(final).Except(rest));
        Assert.DoesNotContain(before[9], rest);
        Assert.Subset(final.ToHashSet(), rest.ToHashSet());
        // So is every paper that arrived and ranks below the last one shown.
        Assert.Empty(final.Skip(Array.IndexOf(final, seen[^1]) + 1).Except(before).Except(rest));
    }

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith(field, JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
    }
}

/// <summary>Each test publishes into a synthetic theme of its own (a follower gets a topic's recent papers at once).</summary>
internal static class Theme
{
    public const int WebApp = 0;
    public const int Walkthrough = 1;
    public const int ETags = 2;
    public const int Paging = 3;
    public const int Entered = 4;
    public const int Resume = 5;
    public const int Rest = 6;
    public const int Other = 7;
}
