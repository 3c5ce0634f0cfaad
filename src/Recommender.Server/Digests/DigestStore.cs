// The digest ledger and digest settings in the service's database (deploy/sql/*/digests.sql).
// One SQL text serves PostgreSQL and SQLite: both speak ON CONFLICT ... RETURNING.
using System.Data.Common;
using Recommender.Storage.Schema;
using System.Security.Cryptography;
using Recommender.Abstractions.Users;

namespace Recommender.Server.Digests;

public sealed partial class DigestStore(DbDataSource database, string serviceId, WriterGate? writer)
{
    public Task<byte[]> SigningKeyAsync(CancellationToken cancellationToken = default) => WriteAsync(async write =>
    {
        await using var command = write.Command("""
            INSERT INTO recommender_digest_keys (service_id, signing_key) VALUES (@service, @key) ON CONFLICT DO NOTHING;
            SELECT signing_key FROM recommender_digest_keys WHERE service_id = @service
            """);
        Add(command, "key", RandomNumberGenerator.GetBytes(32));
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }, cancellationToken);

    public async Task<DigestSubscriber?> GetSubscriberAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {SubscriberColumns} FROM recommender_digest_subscribers WHERE service_id = @service AND user_id = @user");
        Add(command, "user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSubscriber(reader) : null;
    }

    /// <summary>Creates or updates the settings; a new email lifts a suppression. Durable on return.</summary>
    public Task SaveSubscriberAsync(DigestSubscriber subscriber, CancellationToken cancellationToken = default) => WriteAsync(async write =>
    {
        await using var command = write.Command("""
            INSERT INTO recommender_digest_subscribers (service_id, user_id, email, display_name, cadence, time_zone, send_hour, updated_at)
            VALUES (@service, @user, @email, @name, @cadence, @zone, @hour, @now)
            ON CONFLICT (service_id, user_id) DO UPDATE SET
                email = excluded.email, display_name = excluded.display_name, cadence = excluded.cadence,
                time_zone = excluded.time_zone, send_hour = excluded.send_hour, updated_at = excluded.updated_at,
                suppressed_email = CASE WHEN recommender_digest_subscribers.email = excluded.email
                    THEN recommender_digest_subscribers.suppressed_email ELSE '' END
            """);
        Add(command, "user", subscriber.UserId);
        Add(command, "email", subscriber.Email);
        Add(command, "name", subscriber.DisplayName);
        Add(command, "cadence", (long)subscriber.Cadence);
        Add(command, "zone", subscriber.TimeZone);
        Add(command, "hour", (long)subscriber.SendHour);
        Add(command, "now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>Sets the cadence to never; false when the user has no digest settings.</summary>
    public Task<bool> UnsubscribeAsync(string userId, CancellationToken cancellationToken = default) => WriteAsync(async write =>
    {
        await using var command = write.Command("""
            UPDATE recommender_digest_subscribers SET cadence = @never, updated_at = @now WHERE service_id = @service AND user_id = @user
            """);
        Add(command, "user", userId);
        Add(command, "never", (long)DigestCadence.Never);
        Add(command, "now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }, cancellationToken);

    /// <summary>Subscribers that may get mail (a cadence, an address, not suppressed), in user-id order after <paramref name="afterUserId"/>.</summary>
    public async Task<IReadOnlyList<DigestSubscriber>> ScanSubscribersAsync(string afterUserId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT {SubscriberColumns} FROM recommender_digest_subscribers
            WHERE service_id = @service AND user_id > @after AND cadence <> @never AND email <> '' AND email <> suppressed_email
            ORDER BY user_id LIMIT @limit
            """);
        Add(command, "after", afterUserId);
        Add(command, "never", (long)DigestCadence.Never);
        Add(command, "limit", (long)limit);
        var result = new List<DigestSubscriber>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ReadSubscriber(reader));
        }
        return result;
    }

    private const string SubscriberColumns = "user_id, email, display_name, cadence, time_zone, send_hour, suppressed_email";

    private static DigestSubscriber ReadSubscriber(DbDataReader reader) => new()
    {
        UserId = reader.GetString(0),
        Email = reader.GetString(1),
        DisplayName = reader.GetString(2),
        Cadence = (DigestCadence)reader.GetInt64(3),
        TimeZone = reader.GetString(4),
        SendHour = (int)reader.GetInt64(5),
        SuppressedEmail = reader.GetString(6),
    };

    private DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, "service", serviceId);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
