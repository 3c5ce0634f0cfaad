// The Redis feed store against the test suite's Redis: appends, folds, merge and trim, misses,
// isolation of a failing feed, and that a feed whose write failed is never read back stale.
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Storage.Feeds;
using StackExchange.Redis;

namespace Recommender.Storage.Tests.Feeds;

public sealed class RedisFeedStoreTests : IAsyncLifetime
{
    private readonly string service = "store-test-" + Guid.NewGuid().ToString("N")[..8];
    private ConnectionMultiplexer redis = null!;
    private RedisFeedStore store = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        // A generous read deadline: these tests check what is stored, not how fast a loaded machine answers.
        store = StoreOn(redis, capacity: 3);
    }

    public async Task DisposeAsync()
    {
        store.Dispose();
        await redis.DisposeAsync();
    }

    /// <summary>A store of this test's service on the connection given, with a generous read deadline (see InitializeAsync).</summary>
    private RedisFeedStore StoreOn(IConnectionMultiplexer connection, int capacity) =>
        new(connection, service, capacity, TimeSpan.FromHours(1), NullLogger<RedisFeedStore>.Instance, readDeadline: TimeSpan.FromSeconds(10));

    private string FeedKey(string userId) => $"{service}:feed:{{{userId}}}:packed:v2";

    private string AddedKey(string userId) => $"{service}:feed:{{{userId}}}:added";

    internal static FeedItem Item(long position, float score)
    {
        var scores = new TaskScores();
        scores[0] = (Half)score;
        return new FeedItem(position, score, new FeedDetails(7, 1, Recommender.Abstractions.Feeds.FeedSource.FollowedTopic, (Half)0.5f, scores));
    }

    /// <summary>
    /// A stored feed's page. The store reads as a miss for a while after its connection reported a failure (a
    /// connection that failed once while connecting on a loaded machine did, in a full run); such a read is retried,
    /// a feed that stays a miss fails the test.
    /// </summary>
    internal static async Task<StoredFeedPage> Stored(RedisFeedStore from, string userId, int count = 10)
    {
        var deadline = DateTime.UtcNow + RedisFeedStore.OutageQuarantine * 2;
        while (true)
        {
            var page = await from.ReadAsync(userId, 0, count);
            if (page is not null)
            {
                return page;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the feed of {userId} stayed a miss");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Candidates_added_to_a_stored_feed_are_read_with_it_as_the_best_k()
    {
        Assert.Equal(float.NegativeInfinity, await store.ReplaceAsync("ada", [Item(1, 0.1f), Item(2, 0.2f)]));

        var thresholds = await store.AddAsync([new FeedWrite("ada", [Item(3, 0.3f), Item(4, 0.05f), Item(2, 0.25f)])]);

        // Added without reading the feed: stored, its threshold not known yet.
        Assert.True(float.IsNaN(thresholds[0]!.Value));
        var page = await Stored(store, "ada");
        Assert.Equal([3L, 2, 1], page.Items.Select(i => i.Position));
        Assert.Equal(3, page.Total);
        Assert.Equal((Half)0.3f, page.Items[0].Details.Scores[0]);
        Assert.Equal(1, page.Items[0].Details.FollowedTopicMask);
    }

    [Fact]
    public async Task A_write_carries_each_paper_once_at_its_best_score_and_no_more_papers_than_the_feed_keeps()
    {
        await store.ReplaceAsync("ada", [Item(1, 0.1f), Item(2, 0.6f), Item(2, 0.2f)]);
        Assert.Equal([2L, 1], (await Stored(store, "ada")).Items.Select(i => i.Position));

        // As writes merged while they waited carry them: one paper three times, more papers than the feed keeps.
        var thresholds = await store.AddAsync([
            new FeedWrite("ada", [Item(3, 0.3f), Item(5, 0.4f), Item(3, 0.7f), Item(4, 0.05f), Item(3, 0.35f), Item(6, 0.5f)])]);

        Assert.True(float.IsNaN(thresholds[0]!.Value));
        var page = await Stored(store, "ada");
        Assert.Equal([3L, 2, 6], page.Items.Select(i => i.Position));
        Assert.Equal(0.7f, page.Items[0].Score, 1e-6);
    }

    [Fact]
    public async Task A_full_feed_taking_many_candidates_keeps_the_best_hundred_in_one_value_of_25_bytes_per_entry()
    {
        using var wide = StoreOn(redis, capacity: 100);
        await wide.ReplaceAsync("reader", Enumerable.Range(0, 100).Select(p => Item(p, p / 1000f)).ToArray());

        // 3 × 90 more, most of them better than what is stored, and one paper twice.
        for (var batch = 1; batch <= 3; batch++)
        {
            var items = Enumerable.Range(batch * 1000, 90).Select(p => Item(p, (p % 1000 + 50) / 1000f + batch / 10f)).Append(Item(5, 0.001f)).ToArray();
            await wide.AddAsync([new FeedWrite("reader", items)]);
        }

        var page = await Stored(wide, "reader", 200);
        var expected = Enumerable.Range(0, 100).Select(p => (Position: (long)p, Score: p / 1000f))
            .Concat(Enumerable.Range(1, 3).SelectMany(b => Enumerable.Range(b * 1000, 90).Select(p => (Position: (long)p, Score: (p % 1000 + 50) / 1000f + b / 10f))))
            .OrderByDescending(x => x.Score).Take(100).Select(x => x.Position);
        Assert.Equal(expected, page.Items.Select(i => i.Position));
        Assert.Equal(8 + 25 * 100, await redis.GetDatabase().StringLengthAsync(FeedKey("reader")));
    }

    [Fact]
    public async Task Candidates_for_a_feed_that_is_not_stored_leave_it_a_miss()
    {
        var thresholds = await store.AddAsync([new FeedWrite("nobody", [Item(1, 0.1f)])]);

        Assert.Null(thresholds[0]);
        Assert.Null(await store.ReadAsync("nobody", 0, 10));
    }

    [Fact]
    public async Task An_empty_stored_feed_is_a_hit_not_a_miss()
    {
        await store.ReplaceAsync("empty", []);

        var page = await Stored(store, "empty");

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task One_feed_that_cannot_be_written_fails_neither_the_batch_nor_the_others_and_is_never_read_back()
    {
        await store.ReplaceAsync("good", []);
        await store.ReplaceAsync("broken", [Item(1, 0.9f)]);
        // A key of another type makes every write to this feed fail inside Redis.
        await redis.GetDatabase().KeyDeleteAsync(AddedKey("broken"));
        await redis.GetDatabase().StringSetAsync(AddedKey("broken"), "not a list");

        var thresholds = await store.AddAsync([new FeedWrite("broken", [Item(2, 0.5f)]), new FeedWrite("good", [Item(2, 0.5f)])]);

        Assert.Null(thresholds[0]);
        Assert.NotNull(thresholds[1]);
        Assert.Equal([2L], (await Stored(store, "good")).Items.Select(i => i.Position));
        Assert.Null(await store.ReadAsync("broken", 0, 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_list_of_another_type_fails_only_its_own_feed_whether_appended_alone_or_with_others(int users)
    {
        // Interactive writes go in batches as given: one user is a plain RPUSHX, more are one script call.
        var ids = Enumerable.Range(0, users).Select(u => $"batch-{users}-{u}").ToArray();
        foreach (var id in ids)
        {
            await store.ReplaceAsync(id, [Item(1, 0.9f)]);
        }
        var broken = ids[^1];
        await redis.GetDatabase().KeyDeleteAsync(AddedKey(broken));
        await redis.GetDatabase().StringSetAsync(AddedKey(broken), "not a list");

        var thresholds = await store.AddAsync(ids.Select(id => new FeedWrite(id, [Item(2, 0.5f)])).ToArray(), interactive: true);

        Assert.Null(thresholds[^1]);
        Assert.Null(await store.ReadAsync(broken, 0, 10));
        for (var u = 0; u < users - 1; u++)
        {
            Assert.True(float.IsNaN(thresholds[u]!.Value));
            Assert.Equal([1L, 2L], (await Stored(store, ids[u])).Items.Select(i => i.Position));
        }
    }

    [Fact]
    public async Task A_stored_value_that_is_not_a_feed_is_never_served_and_is_dropped_and_counted()
    {
        long dropped = 0;
        using var counting = new RedisFeedStore(redis, service, capacity: 3, TimeSpan.FromHours(1), NullLogger<RedisFeedStore>.Instance,
            readDeadline: TimeSpan.FromSeconds(10), dropped: count => Interlocked.Add(ref dropped, count));
        await counting.ReplaceAsync("garbled", [Item(1, 0.9f)]);
        await redis.GetDatabase().StringSetAsync(FeedKey("garbled"), "twelve bytes");

        // The append reads nothing, so the read is what finds the value garbled.
        await counting.AddAsync([new FeedWrite("garbled", [Item(2, 0.5f)])]);

        Assert.Null(await counting.ReadAsync("garbled", 0, 10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Interlocked.Read(ref dropped) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the garbled feed was never dropped");
            await Task.Delay(100);
        }
        Assert.False(await redis.GetDatabase().KeyExistsAsync(FeedKey("garbled")));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(AddedKey("garbled")));
        Assert.Equal(1, Interlocked.Read(ref dropped));
    }

    [Fact]
    public async Task Two_silos_merging_into_one_feed_at_once_lose_none_of_each_others_papers()
    {
        // Two stores on two connections stand for two silos whose topics write to the same user.
        await using var other = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        using var wide = StoreOn(redis, capacity: 100);
        using var second = StoreOn(other, capacity: 100);
        await wide.ReplaceAsync("shared", []);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(p =>
            (p % 2 == 0 ? wide : second).AddAsync([new FeedWrite("shared", [Item(p, p / 100f)])])));

        var page = await Stored(wide, "shared", 100);
        Assert.Equal(Enumerable.Range(0, 40).Reverse().Select(p => (long)p), page.Items.Select(i => i.Position));
        // Writes that lost the race had staged their values too: none of them stays behind.
        Assert.Empty(StagedValueKeys());
    }

    [Fact]
    public async Task Two_silos_folding_one_feed_over_and_over_lose_no_paper_added_meanwhile()
    {
        await using var other = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        using var wide = StoreOn(redis, capacity: 1000);
        using var second = StoreOn(other, capacity: 1000);
        await wide.ReplaceAsync("folded", []);

        // One paper a write, each store's writes one after another: each store folds every few of its own writes, so the
        // two keep folding the same feed while the other appends to it and folds it too.
        const int papers = 1000;
        await Task.WhenAll(new[] { wide, second }.Select((writer, w) => Task.Run(async () =>
        {
            for (var p = w; p < papers; p += 2)
            {
                await writer.AddAsync([new FeedWrite("folded", [Item(p, p / 10_000f)])]);
            }
        })));

        var page = await Stored(wide, "folded", 1000);
        Assert.Equal(Enumerable.Range(0, papers).Reverse().Select(p => (long)p), page.Items.Select(i => i.Position));
    }

    /// <summary>Keys of this test's service that hold a write's new value until it is renamed into place.</summary>
    private RedisKey[] StagedValueKeys() =>
        redis.GetServers().SelectMany(server => server.Keys(pattern: $"{service}:feed:*:staged:*")).ToArray();

    [Fact]
    public async Task Writes_for_many_users_at_once_each_reach_their_own_feed()
    {
        // More users than one script call takes, every other one stored, each with a different number of items.
        var users = Enumerable.Range(0, 3 * RedisFeedStore.MaxUsersPerAdd + 5).Select(u => $"many-{u}").ToArray();
        for (var u = 0; u < users.Length; u += 2)
        {
            await store.ReplaceAsync(users[u], [Item(1000 + u, 0.01f)]);
        }

        var writes = users.Select((user, u) => new FeedWrite(user, Enumerable.Range(0, 1 + u % 4).Select(i => Item(u * 10 + i, 0.1f + i / 10f)).ToArray())).ToArray();
        var thresholds = await store.AddAsync(writes);

        for (var u = 0; u < users.Length; u++)
        {
            if (u % 2 == 1)
            {
                Assert.Null(thresholds[u]);
                Assert.Null(await store.ReadAsync(users[u], 0, 10));
                continue;
            }
            var written = 1 + u % 4;
            var expected = Enumerable.Range(0, written).Reverse().Select(i => (long)(u * 10 + i)).Append(1000 + u).Take(3);
            Assert.True(float.IsNaN(thresholds[u]!.Value));
            Assert.Equal(expected, (await Stored(store, users[u])).Items.Select(i => i.Position));
        }
    }

    [Fact]
    public async Task A_feed_written_more_often_than_the_fold_interval_is_folded_into_one_value_whose_threshold_the_writer_learns()
    {
        await store.ReplaceAsync("fold", [Item(1, 0.001f)]);

        var answers = new List<float?>();
        for (var p = 2; p <= RedisFeedStore.FoldAfter + 1; p++)
        {
            answers.AddRange(await store.AddAsync([new FeedWrite("fold", [Item(p, p / 100f)])]));
        }

        // Every write but the last only appended; the last one folded the list, and so knows the threshold.
        Assert.All(answers.SkipLast(1), a => Assert.True(float.IsNaN(a!.Value)));
        Assert.Equal((RedisFeedStore.FoldAfter - 1) / 100f, answers[^1]!.Value, 1e-6);
        var db = redis.GetDatabase();
        Assert.Equal(1, await db.ListLengthAsync(AddedKey("fold")));
        Assert.Equal(8 + 25 * 3, await db.StringLengthAsync(FeedKey("fold")));
        var top = Enumerable.Range(RedisFeedStore.FoldAfter - 1, 3).Reverse().Select(p => (long)p);
        Assert.Equal(top, (await Stored(store, "fold")).Items.Select(i => i.Position));
        Assert.Empty(StagedValueKeys());
    }

    [Fact]
    public async Task A_feed_taking_many_papers_per_write_is_folded_after_fewer_writes_so_that_redis_keeps_few_added_bytes()
    {
        using var wide = StoreOn(redis, capacity: 100);
        await wide.ReplaceAsync("busy", []);
        // Three writes fit under the bound, four do not.
        const int papersPerWrite = RedisFeedStore.FoldAfterBytes / PackedFeed.EntrySize / 3;
        var db = redis.GetDatabase();
        var lengths = new List<long>();

        for (var write = 0; write < 4; write++)
        {
            await wide.AddAsync([new FeedWrite("busy", Enumerable.Range(write * papersPerWrite, papersPerWrite).Select(p => Item(p, p / 100f)).ToArray())]);
            lengths.Add(await db.ListLengthAsync(AddedKey("busy")));
        }

        Assert.True(3 * papersPerWrite * PackedFeed.EntrySize <= RedisFeedStore.FoldAfterBytes);
        Assert.True(4 * papersPerWrite * PackedFeed.EntrySize > RedisFeedStore.FoldAfterBytes);
        Assert.Equal([2L, 3, 4, 1], lengths);
        Assert.Equal(4 * papersPerWrite, (await Stored(wide, "busy", 100)).Total);
    }

    [Fact]
    public async Task A_page_shorter_than_the_feed_is_right_when_an_added_entry_moves_a_stored_paper_down()
    {
        using var wide = StoreOn(redis, capacity: 5);
        await wide.ReplaceAsync("moved", [Item(1, 0.9f), Item(2, 0.8f), Item(3, 0.7f), Item(4, 0.6f)]);

        // Paper 1 scored again, lower: the first two entries are now 2 and 3, read from past the page's stored bytes.
        await wide.AddAsync([new FeedWrite("moved", [Item(1, 0.1f)])]);

        var page = await wide.ReadAsync("moved", 0, 2);
        Assert.Equal([2L, 3], page!.Items.Select(i => i.Position));
        Assert.Equal(4, page.Total);
    }

    [Fact]
    public async Task A_paper_taken_out_while_it_waits_among_the_added_entries_stays_out_after_the_next_fold()
    {
        await store.ReplaceAsync("hider", [Item(1, 0.1f)]);
        await store.AddAsync([new FeedWrite("hider", [Item(2, 0.9f)])]);

        await store.RemoveAsync("hider", 2);

        Assert.Equal([1L], (await Stored(store, "hider")).Items.Select(i => i.Position));
        for (var p = 3; p < 3 + RedisFeedStore.FoldAfter; p++)
        {
            await store.AddAsync([new FeedWrite("hider", [Item(p, 0.01f)])]);
        }
        Assert.Equal(1, await redis.GetDatabase().ListLengthAsync(AddedKey("hider")));
        Assert.DoesNotContain(2L, (await Stored(store, "hider")).Items.Select(i => i.Position));
    }

    [Fact]
    public async Task A_rebuild_replaces_the_entries_added_before_it_as_well_as_the_value()
    {
        await store.ReplaceAsync("rebuilt", [Item(1, 0.1f)]);
        await store.AddAsync([new FeedWrite("rebuilt", [Item(2, 0.9f)])]);

        await store.ReplaceAsync("rebuilt", [Item(3, 0.3f)]);

        Assert.Equal([3L], (await Stored(store, "rebuilt")).Items.Select(i => i.Position));
        Assert.Equal(1, await redis.GetDatabase().ListLengthAsync(AddedKey("rebuilt")));
    }

    [Fact]
    public async Task Removing_a_paper_takes_it_out_of_the_stored_feed()
    {
        await store.ReplaceAsync("eve", [Item(1, 0.1f), Item(2, 0.2f)]);

        await store.RemoveAsync("eve", 2);

        Assert.Equal([1L], (await Stored(store, "eve")).Items.Select(i => i.Position));
    }
}
