// The paper store of the embedded profile: the same tables in the SQLite file, a batch
// inserted row by row inside one transaction (one commit, one fsync).
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Papers;

public sealed class SqlitePaperStore(string connectionString, PaperPayloads payloads, string serviceId, WriterGate writer) : SqlPaperStore(payloads, serviceId)
{
    // SQLite has one writer at a time; a second one spins on SQLITE_BUSY with sleeps in
    // between. Queuing this process's writes (the subscription store's too) is faster and fair.
    protected override ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => writer.EnterAsync(cancellationToken);

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    // SQLite has no array parameters: the list goes in as one JSON array.
    protected override string AnyOf(DbCommand command, string column, string parameterName, IReadOnlyList<string> values)
    {
        AddParameter(command, parameterName, JsonSerializer.Serialize(values));
        return $"{column} IN (SELECT value FROM json_each(@{parameterName}))";
    }

    protected override string AnyOfPositions(DbCommand command, string column, string parameterName, IReadOnlyList<long> values)
    {
        AddParameter(command, parameterName, JsonSerializer.Serialize(values));
        return $"{column} IN (SELECT value FROM json_each(@{parameterName}))";
    }

    protected override async Task<Dictionary<string, long>> InsertNewAsync(DbConnection connection, IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insertPaper = ServiceCommand(connection);
        insertPaper.Transaction = transaction;
        insertPaper.CommandText = """
            INSERT INTO recommender_papers (service_id, paper_id, title_key, payload) VALUES (@service, @id, @key, @payload)
            ON CONFLICT DO NOTHING RETURNING position
            """;
        var id = AddParameter(insertPaper, "id", "");
        var key = AddParameter(insertPaper, "key", "");
        var payload = AddParameter(insertPaper, "payload", Array.Empty<byte>());

        await using var insertTopic = ServiceCommand(connection);
        insertTopic.Transaction = transaction;
        insertTopic.CommandText = """
            INSERT INTO recommender_paper_topics (service_id, paper_id, topic_id, position, similarity)
            VALUES (@service, @paper, @topic, @position, @similarity) ON CONFLICT DO NOTHING
            """;
        var paper = AddParameter(insertTopic, "paper", "");
        var topic = AddParameter(insertTopic, "topic", "");
        var position = AddParameter(insertTopic, "position", 0L);
        var similarity = AddParameter(insertTopic, "similarity", 0f);

        var added = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var candidate in papers)
        {
            (id.Value, key.Value, payload.Value) = (candidate.Paper.Paper.Id, candidate.TitleKey, Payloads.Write(candidate.Paper));
            if (await insertPaper.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                continue;
            }
            added[candidate.Paper.Paper.Id] = inserted;
            foreach (var match in candidate.Paper.Topics)
            {
                (paper.Value, topic.Value, position.Value, similarity.Value) = (candidate.Paper.Paper.Id, match.TopicId, inserted, match.Similarity);
                await insertTopic.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }
}
