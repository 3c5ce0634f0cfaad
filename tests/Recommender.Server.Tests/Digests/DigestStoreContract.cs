// What the digest ledger promises, checked on each database by the classes that derive from it.
using Recommender.Abstractions.Users;
using Recommender.Server.Digests;

namespace Recommender.Server.Tests.Digests;

public abstract class DigestStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>A store over a fresh database; every call returns a store over the same one.</summary>
    protected abstract Task<DigestStore> StoreAsync();

    private static DigestSubscriber Subscriber(string id) => new() { UserId = id, Email = $"{id}@example.org", Cadence = DigestCadence.Daily };

    private static async Task<DigestLease> ClaimOne(DigestStore store, string user, string period, DateTimeOffset now, string? email = null) =>
        Assert.Single(await store.ClaimAsync([(Subscriber(user) with { Email = email ?? $"{user}@example.org" }, period)], "test", Lease, now));

    [Fact]
    public async Task A_claimed_period_is_not_claimed_again_until_its_lease_runs_out()
    {
        var store = await StoreAsync();
        var first = await ClaimOne(store, "ada", "2026-11-26", Now);

        Assert.Empty(await store.ClaimAsync([(Subscriber("ada"), "2026-11-26")], "other", Lease, Now.AddMinutes(4)));
        var second = await ClaimOne(store, "ada", "2026-11-26", Now.AddMinutes(6));
        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.NotEqual(first.Token, second.Token);
        Assert.Null(await store.PrepareAsync("ada", "2026-11-26", first.Token, ["p1"], 10, Now.AddMinutes(6)));
    }

    [Fact]
    public async Task A_sent_period_is_never_claimed_again_and_a_second_completion_changes_nothing()
    {
        var store = await StoreAsync();
        var lease = await ClaimOne(store, "ada", "2026-11-26", Now);
        await store.PrepareAsync("ada", "2026-11-26", lease.Token, ["p1", "p2"], 10, Now);

        Assert.Equal(CompleteResult.Completed, await store.CompleteAsync("ada", "2026-11-26", true, "250 ok", "m@x", Now));
        Assert.Equal(CompleteResult.AlreadyCompleted, await store.CompleteAsync("ada", "2026-11-26", true, "250 ok", "m@x", Now));
        Assert.Equal(CompleteResult.NotClaimed, await store.CompleteAsync("ada", "2026-11-27", true, "250 ok", "m@x", Now));
        Assert.Empty(await store.ClaimAsync([(Subscriber("ada"), "2026-11-26")], "test", Lease, Now.AddDays(1)));
        Assert.Equal(DigestStore.Sent, await store.StateAsync("ada", "2026-11-26"));
    }

    [Fact]
    public async Task Generators_racing_for_the_same_subscribers_claim_each_period_once()
    {
        var first = await StoreAsync();
        var second = await StoreAsync();
        var due = Enumerable.Range(0, 60).Select(i => (Subscriber($"user-{i:D2}"), "2026-11-26")).ToArray();

        var claims = await Task.WhenAll(
            Task.Run(() => first.ClaimAsync(due, "one", Lease, Now)),
            Task.Run(() => second.ClaimAsync(due.Reverse().ToArray(), "two", Lease, Now)));

        var users = claims.SelectMany(c => c).Select(c => c.Subscriber.UserId).ToArray();
        Assert.Equal(60, users.Length);
        Assert.Equal(60, users.Distinct().Count());
    }

    [Fact]
    public async Task Digests_completed_at_the_same_moment_are_each_recorded_once()
    {
        var store = await StoreAsync();
        var due = Enumerable.Range(0, 40).Select(i => (Subscriber($"user-{i:D2}"), "2026-11-26")).ToArray();
        var leases = await store.ClaimAsync(due, "test", Lease, Now);
        await Task.WhenAll(leases.Select(l => store.PrepareAsync(l.Subscriber.UserId, l.Period, l.Token, ["p1", "p2"], 10, Now)));

        var results = await Task.WhenAll(leases.Concat(leases).Select(l =>
            Task.Run(() => store.CompleteAsync(l.Subscriber.UserId, l.Period, true, "250 ok", "m@x", Now))));

        Assert.Equal(40, results.Count(r => r == CompleteResult.Completed));
        Assert.Equal(40, results.Count(r => r == CompleteResult.AlreadyCompleted));
        var reopened = await StoreAsync();
        foreach (var lease in leases)
        {
            Assert.Equal(DigestStore.Sent, await reopened.StateAsync(lease.Subscriber.UserId, lease.Period));
            Assert.Empty(await reopened.UnsentAsync(lease.Subscriber.UserId, ["p1", "p2"]));
        }
    }

    [Fact]
    public async Task Papers_mailed_in_one_period_are_not_chosen_in_the_next()
    {
        var store = await StoreAsync();
        var monday = await ClaimOne(store, "ada", "2026-11-23", Now);
        var chosen = await store.PrepareAsync("ada", "2026-11-23", monday.Token, ["p1", "p2", "p3", "p4"], 2, Now);
        Assert.Equal(["p1", "p2"], chosen!.Value.PaperIds);
        await store.CompleteAsync("ada", "2026-11-23", true, "250 ok", "m1@x", Now);

        var tuesday = await ClaimOne(store, "ada", "2026-11-24", Now);
        var next = await store.PrepareAsync("ada", "2026-11-24", tuesday.Token, ["p2", "p5", "p1", "p3"], 10, Now);

        Assert.Equal(["p5", "p3"], next!.Value.PaperIds);
        Assert.Equal(["p4"], await store.UnsentAsync("ada", ["p1", "p4"]));
    }

    [Fact]
    public async Task A_retry_after_a_crash_sends_the_papers_chosen_the_first_time()
    {
        var store = await StoreAsync();
        var first = await ClaimOne(store, "ada", "2026-11-26", Now);
        await store.PrepareAsync("ada", "2026-11-26", first.Token, ["p1", "p2", "p3"], 2, Now);

        // The generator died after rendering; its lease runs out and another one claims the digest.
        var retry = await ClaimOne(store, "ada", "2026-11-26", Now.AddMinutes(10));
        var chosen = await store.PrepareAsync("ada", "2026-11-26", retry.Token, ["p9", "p2", "p1", "p3"], 2, Now.AddMinutes(10));

        Assert.Equal(["p1", "p2"], chosen!.Value.PaperIds);
    }

    [Fact]
    public async Task Papers_seen_in_the_app_are_not_chosen_but_a_retry_keeps_what_the_first_attempt_chose()
    {
        var store = await StoreAsync();
        var first = await ClaimOne(store, "ada", "2026-11-26", Now);
        var chosen = await store.PrepareAsync("ada", "2026-11-26", first.Token, ["p1", "p2", "p3", "p4"], 2, Now, new HashSet<string> { "p1", "p3" });
        Assert.Equal(["p2", "p4"], chosen!.Value.PaperIds);

        // The mail may be out already: seeing p2 in the app afterwards does not change the resend.
        var retry = await ClaimOne(store, "ada", "2026-11-26", Now.AddMinutes(10));
        var again = await store.PrepareAsync("ada", "2026-11-26", retry.Token, ["p1", "p2", "p3", "p4"], 2, Now.AddMinutes(10), new HashSet<string> { "p1", "p2", "p3" });
        Assert.Equal(["p2", "p4"], again!.Value.PaperIds);
    }

    [Fact]
    public async Task A_digest_with_nothing_new_is_closed_as_empty()
    {
        var store = await StoreAsync();
        var lease = await ClaimOne(store, "ada", "2026-11-26", Now);

        var chosen = await store.PrepareAsync("ada", "2026-11-26", lease.Token, [], 10, Now);

        Assert.Empty(chosen!.Value.PaperIds);
        Assert.Equal(DigestStore.Empty, await store.StateAsync("ada", "2026-11-26"));
        Assert.Empty(await store.ClaimAsync([(Subscriber("ada"), "2026-11-26")], "test", Lease, Now.AddDays(1)));
    }

    [Fact]
    public async Task A_released_digest_waits_for_its_retry_time_and_is_then_claimed_again()
    {
        var store = await StoreAsync();
        var lease = await ClaimOne(store, "ada", "2026-11-26", Now);

        Assert.True(await store.ReleaseAsync("ada", "2026-11-26", lease.Token, "451 try later", Now.AddSeconds(30)));
        Assert.False(await store.ReleaseAsync("ada", "2026-11-26", lease.Token, "again", Now.AddSeconds(30)));

        Assert.Empty(await store.ClaimAsync([(Subscriber("ada"), "2026-11-26")], "test", Lease, Now.AddSeconds(20)));
        Assert.Equal(2, (await ClaimOne(store, "ada", "2026-11-26", Now.AddSeconds(31))).Attempt);
    }

    [Fact]
    public async Task A_rejected_address_is_suppressed_until_the_user_changes_it()
    {
        var store = await StoreAsync();
        await store.SaveSubscriberAsync(Subscriber("ada") with { Email = "bounce@example.org" });
        var lease = await ClaimOne(store, "ada", "2026-11-26", Now, "bounce@example.org");
        await store.PrepareAsync("ada", "2026-11-26", lease.Token, ["p1"], 10, Now);

        await store.CompleteAsync("ada", "2026-11-26", false, "550 no such user", "", Now);

        Assert.Equal("bounce@example.org", (await store.GetSubscriberAsync("ada"))!.SuppressedEmail);
        Assert.DoesNotContain(await store.ScanSubscribersAsync("", 100), s => s.UserId == "ada");
        await store.SaveSubscriberAsync(Subscriber("ada") with { Email = "bounce@example.org", DisplayName = "Ada" });
        Assert.DoesNotContain(await store.ScanSubscribersAsync("", 100), s => s.UserId == "ada");
        await store.SaveSubscriberAsync(Subscriber("ada") with { Email = "ada@example.org" });
        Assert.Contains(await store.ScanSubscribersAsync("", 100), s => s.UserId == "ada");
        Assert.Equal("", (await store.GetSubscriberAsync("ada"))!.SuppressedEmail);
    }

    [Fact]
    public async Task Unsubscribed_and_never_users_are_not_scanned_and_the_scan_pages_in_id_order()
    {
        var store = await StoreAsync();
        foreach (var id in new[] { "c", "a", "b", "d" })
        {
            await store.SaveSubscriberAsync(Subscriber(id));
        }
        await store.SaveSubscriberAsync(Subscriber("e") with { Cadence = DigestCadence.Never });
        await store.SaveSubscriberAsync(Subscriber("f") with { Email = "" });
        Assert.True(await store.UnsubscribeAsync("d"));
        Assert.False(await store.UnsubscribeAsync("nobody"));

        Assert.Equal(["a", "b"], (await store.ScanSubscribersAsync("", 2)).Select(s => s.UserId));
        Assert.Equal(["c"], (await store.ScanSubscribersAsync("b", 2)).Select(s => s.UserId));
    }

    [Fact]
    public async Task The_signing_key_is_created_once_and_shared()
    {
        var first = await StoreAsync();
        var second = await StoreAsync();

        var key = await first.SigningKeyAsync();
        Assert.Equal(32, key.Length);
        Assert.Equal(key, await second.SigningKeyAsync());
    }
}
