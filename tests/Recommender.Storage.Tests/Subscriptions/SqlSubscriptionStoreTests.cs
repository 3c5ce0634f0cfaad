// The subscription store on SQLite and PostgreSQL: many follows at once (group commits) are all
// durable, and an older copy of a user's inputs never replaces a newer one.
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Recommender.Abstractions.Topics;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Storage.Tests.Subscriptions;

public abstract class SqlSubscriptionStoreContract
{
    protected abstract Task<ISubscriptionStore> CreateStoreAsync();

    protected static Serializer<SubscriberProfile> Serializer() =>
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer<SubscriberProfile>>();

    private static SubscriberProfile Profile(string user, long version, params string[] topics) =>
        new() { UserId = user, Interest = [version, 1f], FollowedTopics = topics, Version = version };

    [Fact]
    public async Task Five_hundred_follows_sent_at_once_are_all_stored_with_their_users_inputs()
    {
        var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => store.FollowAsync("graphs", Profile($"u{i}", 1, "graphs")))));

        var subscribers = await store.SubscribersAsync("graphs");
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"u{i}").Order(), subscribers.Select(s => s.UserId).Order());
        Assert.All(subscribers, s => Assert.Equal(["graphs"], s.FollowedTopics));
    }

    [Fact]
    public async Task An_older_copy_of_the_inputs_saved_later_does_not_replace_the_newer_one()
    {
        var store = await CreateStoreAsync();

        await store.FollowAsync("ml", Profile("ada", 5, "ml"));
        await Task.WhenAll(store.SaveAsync(Profile("ada", 3, "ml")), store.SaveAsync(Profile("ada", 7, "ml", "db")));
        await store.UnfollowAsync("ml", Profile("ada", 6));

        var inputs = await store.InputsAsync("ada");
        Assert.Equal(7, inputs!.Version);
        Assert.Equal(["ml", "db"], inputs.FollowedTopics);
        Assert.Empty(await store.SubscribersAsync("ml"));
    }

    [Fact]
    public async Task A_users_several_interests_are_kept_with_the_inputs_and_reach_the_followed_topics()
    {
        var store = await CreateStoreAsync();
        var interests = new InterestCentroid[] { new() { Vector = [1f, 0f], Weight = 3f }, new() { Vector = [0f, 1f], Weight = 0.4f } };

        await store.FollowAsync("ml", Profile("ada", 1, "ml") with { Interests = interests });

        Assert.Equal(Flat(interests), Flat((await store.InputsAsync("ada"))!.Interests));
        Assert.Equal(Flat(interests), Flat(Assert.Single(await store.SubscribersAsync("ml")).Interests));

        // Records holding arrays compare them by reference: compare their numbers.
        static IEnumerable<float> Flat(IEnumerable<InterestCentroid> centroids) => centroids.SelectMany(c => c.Vector.Append(c.Weight));
    }
}

public sealed class SqliteSubscriptionStoreTests : SqlSubscriptionStoreContract, IDisposable
{
    private readonly string file = TestServices.NewSqliteFile();

    protected override async Task<ISubscriptionStore> CreateStoreAsync()
    {
        await SchemaInstaller.InstallSqliteAsync(file, CancellationToken.None);
        return new SqlSubscriptionStore(SqliteFactory.Instance.CreateDataSource(SqliteConnections.ForFile(file)), Serializer(), "test", new WriterGate());
    }

    public void Dispose() => TestServices.DeleteSqliteFile(file);
}

public sealed class PostgresSubscriptionStoreTests : SqlSubscriptionStoreContract
{
    protected override async Task<ISubscriptionStore> CreateStoreAsync()
    {
        var database = await TestServices.NewPostgresDatabaseAsync();
        await SchemaInstaller.InstallPostgresAsync(database, CancellationToken.None);
        return new SqlSubscriptionStore(Npgsql.NpgsqlDataSource.Create(database), Serializer(), "test", committers: 4);
    }
}
