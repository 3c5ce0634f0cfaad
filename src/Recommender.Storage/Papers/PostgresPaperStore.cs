// The paper store on PostgreSQL: a whole batch, papers and topic rows, goes in as one
// statement over arrays, so a batch costs one round trip and one commit.
using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Recommender.Storage.Papers;

public sealed class PostgresPaperStore(NpgsqlDataSource dataSource, PaperPayloads payloads, string serviceId) : SqlPaperStore(payloads, serviceId)
{
    private const string InsertBatch = """
        WITH added AS (
            INSERT INTO recommender_papers (service_id, paper_id, title_key, payload)
            SELECT @service, * FROM unnest(@ids, @keys, @payloads)
            ON CONFLICT DO NOTHING
            RETURNING paper_id, position),
        routed AS (
            INSERT INTO recommender_paper_topics (service_id, paper_id, topic_id, position, similarity)
            SELECT @service, t.paper_id, t.topic_id, a.position, t.similarity
            FROM unnest(@topic_papers, @topic_ids, @similarities) AS t(paper_id, topic_id, similarity)
            JOIN added a ON a.paper_id = t.paper_id
            ON CONFLICT DO NOTHING)
        SELECT paper_id, position FROM added
        """;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    protected override string AnyOf(DbCommand command, string column, string parameterName, IReadOnlyList<string> values)
    {
        command.Parameters.Add(new NpgsqlParameter(parameterName, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return $"{column} = ANY(@{parameterName})";
    }

    protected override string AnyOfPositions(DbCommand command, string column, string parameterName, IReadOnlyList<long> values)
    {
        command.Parameters.Add(new NpgsqlParameter(parameterName, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() });
        return $"{column} = ANY(@{parameterName})";
    }

    protected override async Task<Dictionary<string, long>> InsertNewAsync(DbConnection connection, IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken)
    {
        var matches = papers.SelectMany(p => p.Paper.Topics.Select(t => (p.Paper.Paper.Id, t.TopicId, t.Similarity))).ToArray();
        await using var command = (NpgsqlCommand)ServiceCommand(connection);
        command.CommandText = InsertBatch;
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = papers.Select(p => p.Paper.Paper.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = papers.Select(p => p.TitleKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = papers.Select(p => Payloads.Write(p.Paper)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("topic_papers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = matches.Select(m => m.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("topic_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = matches.Select(m => m.TopicId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("similarities", NpgsqlDbType.Array | NpgsqlDbType.Real) { Value = matches.Select(m => m.Similarity).ToArray() });
        var added = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            added[reader.GetString(0)] = reader.GetInt64(1);
        }
        return added;
    }
}
