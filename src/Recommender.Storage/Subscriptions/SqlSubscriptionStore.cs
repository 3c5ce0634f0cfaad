// The subscription store on PostgreSQL or SQLite: one row per follow, one row of ranking inputs
// per user (Orleans' binary format, versioned so an older copy never overwrites a newer one).
// Writes waiting at the same moment commit together (GroupCommit: one transaction, one fsync).
using System.Data.Common;
using Orleans.Serialization;
using Recommender.Abstractions.Topics;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Subscriptions;

/// <param name="writer">The database's single-writer gate (SQLite), or null where the database takes concurrent writers.</param>
/// <param name="committers">Group commits at once: 1 behind a single-writer gate; a few on PostgreSQL.</param>
public sealed class SqlSubscriptionStore(DbDataSource database, Serializer<SubscriberProfile> serializer, string serviceId, WriterGate? writer = null, int committers = 1)
    : ISubscriptionStore
{
    private readonly GroupCommit writes = new(database, writer, committers: committers);

    private const string Follow = "INSERT INTO recommender_subscriptions (service_id, topic_id, user_id) VALUES (@service, @topic, @user) ON CONFLICT DO NOTHING";
    private const string Unfollow = "DELETE FROM recommender_subscriptions WHERE service_id = @service AND topic_id = @topic AND user_id = @user";

    private const string SaveInputs = """
        INSERT INTO recommender_user_inputs (service_id, user_id, version, payload) VALUES (@service, @user, @version, @payload)
        ON CONFLICT (service_id, user_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
        WHERE recommender_user_inputs.version < excluded.version
        """;

    public Task FollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.RunAsync(profile.UserId, (connection, transaction) => WriteAsync(connection, transaction, profile, Follow, topicId), cancellationToken);

    public Task UnfollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.RunAsync(profile.UserId, (connection, transaction) => WriteAsync(connection, transaction, profile, Unfollow, topicId), cancellationToken);

    public Task SaveAsync(SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.RunAsync(profile.UserId, (connection, transaction) => WriteAsync(connection, transaction, profile, null, ""), cancellationToken);

    public async Task<SubscriberProfile?> InputsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT payload FROM recommender_user_inputs WHERE service_id = @service AND user_id = @user");
        DbParameters.Add(command, "user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] payload ? serializer.Deserialize(payload) : null;
    }

    public async Task<IReadOnlyList<string>> UsersAfterAsync(string afterUserId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // Both the comparison and the order use the column's collation, so pages neither overlap nor skip.
        await using var command = Command(connection,
            "SELECT user_id FROM recommender_user_inputs WHERE service_id = @service AND user_id > @after ORDER BY user_id LIMIT @count");
        DbParameters.Add(command, "after", afterUserId);
        DbParameters.Add(command, "count", count);
        var users = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }
        return users;
    }

    public async Task<IReadOnlyList<SubscriberProfile>> SubscribersAsync(string topicId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT i.payload FROM recommender_subscriptions s
            JOIN recommender_user_inputs i ON i.service_id = s.service_id AND i.user_id = s.user_id
            WHERE s.service_id = @service AND s.topic_id = @topic
            """);
        DbParameters.Add(command, "topic", topicId);
        var profiles = new List<SubscriberProfile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            profiles.Add(serializer.Deserialize((byte[])reader.GetValue(0)) ?? throw new InvalidDataException("A stored subscriber profile is empty."));
        }
        return profiles;
    }

    /// <summary>Saves the inputs and, when <paramref name="change"/> is given, changes the follow; in the group's transaction.</summary>
    private async Task WriteAsync(DbConnection connection, DbTransaction transaction, SubscriberProfile profile, string? change, string topicId)
    {
        // Statements of a shared transaction ignore one caller's cancellation (the caller still stops waiting).
        if (change is not null)
        {
            await using var follow = Command(connection, change, transaction);
            DbParameters.Add(follow, "topic", topicId);
            DbParameters.Add(follow, "user", profile.UserId);
            await follow.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await using var save = Command(connection, SaveInputs, transaction);
        DbParameters.Add(save, "user", profile.UserId);
        DbParameters.Add(save, "version", profile.Version);
        DbParameters.Add(save, "payload", serializer.SerializeToArray(profile));
        await save.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private DbCommand Command(DbConnection connection, string text, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        DbParameters.Add(command, "service", serviceId);
        return command;
    }
}
