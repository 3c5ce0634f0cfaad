// The subscription store on PostgreSQL or SQLite: one row per follow, one row of ranking inputs
// per user (Orleans' binary format, versioned so an older copy never overwrites a newer one).
// Writes waiting at the same time commit together (one transaction, one fsync).
using System.Data.Common;
using Orleans.Serialization;
using Recommender.Abstractions.Topics;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Subscriptions;

public sealed class SqlSubscriptionStore : ISubscriptionStore
{
    private readonly Func<CancellationToken, ValueTask<DbConnection>> open;
    private readonly Serializer<SubscriberProfile> serializer;
    private readonly string serviceId;
    private readonly WriterGate? writer;
    private readonly GroupCommit<Write> writes;

    /// <param name="writer">The database's single-writer gate (SQLite), or null where the database takes concurrent writers.</param>
    /// <param name="commitsInFlight">Group commits at once: 1 with a single writer; a few on PostgreSQL, within its pool.</param>
    public SqlSubscriptionStore(Func<CancellationToken, ValueTask<DbConnection>> open, Serializer<SubscriberProfile> serializer, string serviceId,
        WriterGate? writer = null, int commitsInFlight = 1)
    {
        (this.open, this.serializer, this.serviceId, this.writer) = (open, serializer, serviceId, writer);
        writes = new GroupCommit<Write>(CommitAsync, maxGroup: 256, commitsInFlight);
    }

    private const string Follow = "INSERT INTO recommender_subscriptions (service_id, topic_id, user_id) VALUES (@service, @topic, @user) ON CONFLICT DO NOTHING";
    private const string Unfollow = "DELETE FROM recommender_subscriptions WHERE service_id = @service AND topic_id = @topic AND user_id = @user";

    /// <summary>One user's inputs to save and, when <see cref="Change"/> is set, a follow to add or remove.</summary>
    private sealed record Write(SubscriberProfile Profile, string? Change, string TopicId);

    private const string SaveInputs = """
        INSERT INTO recommender_user_inputs (service_id, user_id, version, payload) VALUES (@service, @user, @version, @payload)
        ON CONFLICT (service_id, user_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
        WHERE recommender_user_inputs.version < excluded.version
        """;

    public Task FollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.WriteAsync(new Write(profile, Follow, topicId));

    public Task UnfollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.WriteAsync(new Write(profile, Unfollow, topicId));

    public Task SaveAsync(SubscriberProfile profile, CancellationToken cancellationToken = default) =>
        writes.WriteAsync(new Write(profile, null, ""));

    public async Task<SubscriberProfile?> InputsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, "SELECT payload FROM recommender_user_inputs WHERE service_id = @service AND user_id = @user");
        DbParameters.Add(command, "user", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] payload ? serializer.Deserialize(payload) : null;
    }

    public async Task<IReadOnlyList<SubscriberProfile>> SubscribersAsync(string topicId, CancellationToken cancellationToken = default)
    {
        await using var connection = await open(cancellationToken);
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

    /// <summary>Saves every write of the group (inputs, and follows where given) in one transaction, in order.</summary>
    private async Task CommitAsync(IReadOnlyList<Write> group)
    {
        using var turn = writer is null ? null : await writer.EnterAsync();
        await using var connection = await open(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var write in group)
        {
            if (write.Change is not null)
            {
                await using var change = Command(connection, write.Change, transaction);
                DbParameters.Add(change, "topic", write.TopicId);
                DbParameters.Add(change, "user", write.Profile.UserId);
                await change.ExecuteNonQueryAsync();
            }
            await using var save = Command(connection, SaveInputs, transaction);
            DbParameters.Add(save, "user", write.Profile.UserId);
            DbParameters.Add(save, "version", write.Profile.Version);
            DbParameters.Add(save, "payload", serializer.SerializeToArray(write.Profile));
            await save.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
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
