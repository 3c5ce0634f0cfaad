// The seen store on PostgreSQL or SQLite (deploy/sql/*/seen.sql): one SQL text serves both.
// Writes go through the stores' GroupCommit, so the impressions of many requests share one
// transaction and one fsync, each request's unit in a savepoint. Statements in a shared
// transaction ignore the callers' cancellation: one caller giving up must not disturb the others
// (the caller still stops waiting at once).
using System.Data.Common;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Seen;

/// <param name="writer">The database's single-writer gate (SQLite), shared with the file's other stores; null for PostgreSQL.</param>
public sealed class SqlSeenStore(DbDataSource database, string serviceId, SeenLimits limits, TimeProvider clock, WriterGate? writer = null) : ISeenStore
{
    /// <summary>Rows one prune statement deletes at most, so a prune never holds a long lock.</summary>
    private const int PruneChunk = 10_000;

    private readonly GroupCommit writes = new(database, writer);

    // Keyed by user, so two groups marking the same user's papers lock their rows in one order.
    public Task<bool> RecordImpressionsAsync(ImpressionBatch batch, CancellationToken cancellationToken = default) =>
        writes.RunAsync(batch.UserId, (connection, transaction) => RecordAsync(connection, transaction, batch, clock.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);

    public Task AppendEventsAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken = default) =>
        lines.Count == 0 ? Task.CompletedTask : writes.RunAsync("", (connection, transaction) =>
            InsertEventsAsync(connection, transaction, lines, clock.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);

    /// <summary>Claims the batch id; when it is new, marks the papers seen, trims the user's set to its cap and appends the lines.</summary>
    private async Task<bool> RecordAsync(DbConnection connection, DbTransaction transaction, ImpressionBatch batch, long now)
    {
        await using (var claim = Command(connection, transaction, """
            INSERT INTO recommender_impression_batches (service_id, user_id, batch_id, recorded_at) VALUES (@service, @user, @batch, @now)
            ON CONFLICT DO NOTHING
            """))
        {
            DbParameters.Add(claim, "user", batch.UserId);
            DbParameters.Add(claim, "batch", batch.BatchId);
            DbParameters.Add(claim, "now", now);
            if (await claim.ExecuteNonQueryAsync(CancellationToken.None) == 0)
            {
                return false;
            }
        }
        // One statement for the batch, rows in id order so two writers marking the same papers lock them in one order.
        var papers = batch.PaperIds.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (papers.Length > 0)
        {
            await using var mark = Command(connection, transaction, $"""
                INSERT INTO recommender_seen_papers (service_id, user_id, paper_id, seen_at)
                VALUES {string.Join(", ", papers.Select((_, i) => $"(@service, @user, @p{i}, @at)"))}
                ON CONFLICT (service_id, user_id, paper_id) DO UPDATE SET seen_at = excluded.seen_at
                WHERE recommender_seen_papers.seen_at < excluded.seen_at
                """);
            DbParameters.Add(mark, "user", batch.UserId);
            DbParameters.Add(mark, "at", batch.ShownAt.ToUnixTimeMilliseconds());
            for (var i = 0; i < papers.Length; i++)
            {
                DbParameters.Add(mark, "p" + i, papers[i]);
            }
            await mark.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await using (var trim = Command(connection, transaction, """
            DELETE FROM recommender_seen_papers WHERE service_id = @service AND user_id = @user AND seen_at <= (
                SELECT seen_at FROM recommender_seen_papers WHERE service_id = @service AND user_id = @user
                ORDER BY seen_at DESC LIMIT 1 OFFSET @cap)
            """))
        {
            DbParameters.Add(trim, "user", batch.UserId);
            DbParameters.Add(trim, "cap", (long)limits.SeenPerUser);
            await trim.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await InsertEventsAsync(connection, transaction, batch.EventLines, now);
        return true;
    }

    public async Task<IReadOnlySet<string>> SeenAmongAsync(string userId, IReadOnlyCollection<string> paperIds, CancellationToken cancellationToken = default)
    {
        var distinct = paperIds.Distinct().ToArray();
        var seen = new HashSet<string>();
        if (distinct.Length == 0)
        {
            return seen;
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT paper_id FROM recommender_seen_papers WHERE service_id = @service AND user_id = @user AND paper_id IN ({string.Join(", ", distinct.Select((_, i) => "@p" + i))})");
        DbParameters.Add(command, "user", userId);
        for (var i = 0; i < distinct.Length; i++)
        {
            DbParameters.Add(command, "p" + i, distinct[i]);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seen.Add(reader.GetString(0));
        }
        return seen;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT sequence, line FROM recommender_events WHERE service_id = @service AND sequence > @after ORDER BY sequence LIMIT @limit");
        DbParameters.Add(command, "after", afterSequence);
        DbParameters.Add(command, "limit", (long)limit);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1)));
        }
        return events;
    }

    public async Task<long> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var seenBefore = (now - limits.SeenRetention).ToUnixTimeMilliseconds();
        var eventsBefore = (now - limits.EventRetention).ToUnixTimeMilliseconds();
        long removed = 0;
        removed += await DeleteInChunksAsync(
            "DELETE FROM recommender_seen_papers WHERE service_id = @service AND seen_at < @before", seenBefore, cancellationToken);
        removed += await DeleteInChunksAsync(
            "DELETE FROM recommender_impression_batches WHERE service_id = @service AND recorded_at < @before", eventsBefore, cancellationToken);
        removed += await DeleteInChunksAsync("""
            DELETE FROM recommender_events WHERE sequence IN (
                SELECT sequence FROM recommender_events WHERE service_id = @service AND recorded_at < @before LIMIT @chunk)
            """, eventsBefore, cancellationToken, chunked: true);
        removed += await DeleteInChunksAsync("""
            DELETE FROM recommender_events WHERE sequence IN (
                SELECT sequence FROM recommender_events WHERE service_id = @service AND sequence <= (
                    SELECT sequence FROM recommender_events WHERE service_id = @service ORDER BY sequence DESC LIMIT 1 OFFSET @max)
                ORDER BY sequence LIMIT @chunk)
            """, 0, cancellationToken, chunked: true);
        return removed;
    }

    /// <summary>Runs a delete until it removes nothing (chunked ones delete at most <see cref="PruneChunk"/> rows a time).</summary>
    private async Task<long> DeleteInChunksAsync(string sql, long before, CancellationToken cancellationToken, bool chunked = false)
    {
        long total = 0;
        while (true)
        {
            // Each chunk takes the write turn on its own, so a long prune never holds up other writers.
            using var turn = writer is null ? null : await writer.EnterAsync(cancellationToken);
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = Command(connection, null, sql);
            // Only the parameters the statement names: Npgsql refuses ones it cannot place.
            foreach (var (name, value) in new[] { ("before", before), ("chunk", PruneChunk), ("max", limits.MaxEvents) })
            {
                if (sql.Contains("@" + name, StringComparison.Ordinal))
                {
                    DbParameters.Add(command, name, value);
                }
            }
            var removed = await command.ExecuteNonQueryAsync(cancellationToken);
            total += removed;
            if (!chunked || removed < PruneChunk)
            {
                return total;
            }
        }
    }

    /// <summary>One statement per chunk of lines (in their order, so sequence numbers follow it).</summary>
    private async Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> lines, long now)
    {
        foreach (var chunk in lines.Chunk(500))
        {
            await using var insert = Command(connection, transaction,
                $"INSERT INTO recommender_events (service_id, recorded_at, line) VALUES {string.Join(", ", chunk.Select((_, i) => $"(@service, @now, @l{i})"))}");
            DbParameters.Add(insert, "now", now);
            for (var i = 0; i < chunk.Length; i++)
            {
                DbParameters.Add(insert, "l" + i, chunk[i]);
            }
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        DbParameters.Add(command, "service", serviceId);
        return command;
    }
}
