// The model store on PostgreSQL or SQLite (deploy/sql/*/models.sql): one SQL text serves both.
using System.Data.Common;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Models;

/// <param name="writer">The database's single-writer gate (SQLite), shared with the file's other stores; null for PostgreSQL.</param>
public sealed class SqlModelStore(DbDataSource database, string serviceId, WriterGate? writer = null) : IModelStore
{
    public async Task SaveAsync(PromotedModel model, CancellationToken cancellationToken = default)
    {
        using var turn = writer is null ? null : await writer.EnterAsync(cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO recommender_models (service_id, variant, version, digest, model, promoted_at)
            VALUES (@service, @variant, @version, @digest, @model, @at)
            ON CONFLICT (service_id, variant) DO UPDATE
            SET version = excluded.version, digest = excluded.digest, model = excluded.model, promoted_at = excluded.promoted_at
            """;
        DbParameters.Add(command, "service", serviceId);
        DbParameters.Add(command, "variant", model.Variant);
        DbParameters.Add(command, "version", model.Version);
        DbParameters.Add(command, "digest", model.Digest);
        DbParameters.Add(command, "model", model.Model);
        DbParameters.Add(command, "at", model.PromotedAt.ToUnixTimeMilliseconds());
        // Autocommit: the answer comes after the commit (SQLite: synchronous FULL; PostgreSQL: WAL flush).
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> DigestsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT variant, digest FROM recommender_models WHERE service_id = @service";
        DbParameters.Add(command, "service", serviceId);
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            digests[reader.GetString(0)] = reader.GetString(1);
        }
        return digests;
    }

    public async Task<PromotedModel?> GetAsync(string variant, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, digest, model, promoted_at FROM recommender_models WHERE service_id = @service AND variant = @variant";
        DbParameters.Add(command, "service", serviceId);
        DbParameters.Add(command, "variant", variant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new PromotedModel(variant, reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }
}
