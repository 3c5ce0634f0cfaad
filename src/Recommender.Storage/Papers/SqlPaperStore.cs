// What the PostgreSQL and SQLite paper stores share: every read, and dedupe answers. The
// dialects differ in how a batch is inserted and how a list of ids is bound to a query.
using System.Data.Common;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Papers;

public abstract class SqlPaperStore(PaperPayloads payloads, string serviceId) : IPaperStore
{
    private const string PaperColumns = "p.position, p.paper_id, p.payload, p.delivered";

    protected PaperPayloads Payloads => payloads;

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Held around every write; the default holds nothing (the database arbitrates).</summary>
    protected virtual ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(NoLock.Instance);

    /// <summary>A condition "<paramref name="column"/> is one of <paramref name="values"/>", binding one parameter to <paramref name="command"/>.</summary>
    protected abstract string AnyOf(DbCommand command, string column, string parameterName, IReadOnlyList<string> values);

    /// <summary>A condition "<paramref name="column"/> is one of <paramref name="values"/>" over catalogue positions.</summary>
    protected abstract string AnyOfPositions(DbCommand command, string column, string parameterName, IReadOnlyList<long> values);

    /// <summary>Inserts, in one transaction, each paper whose id and title key are new, with its topic rows; returns the ids inserted and their positions.</summary>
    protected abstract Task<Dictionary<string, long>> InsertNewAsync(DbConnection connection, IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<StoreOutcome>> AddAsync(IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        Dictionary<string, long> added;
        using (await EnterWriteAsync(cancellationToken))
        {
            added = await InsertNewAsync(connection, papers, cancellationToken);
        }
        var rest = papers.Where(p => !added.ContainsKey(p.Paper.Paper.Id)).ToArray();
        var existing = rest.Length == 0 ? [] : await ExistingAsync(connection, rest, cancellationToken);
        return papers.Select(p => Outcome(p, added, existing)).ToArray();
    }

    public async Task MarkDeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        if (paperIds.Count == 0)
        {
            return;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = $"UPDATE recommender_papers SET delivered = TRUE WHERE service_id = @service AND {AnyOf(command, "paper_id", "ids", paperIds)}";
        using var writing = await EnterWriteAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, bool>> DeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        var delivered = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (paperIds.Count == 0)
        {
            return delivered;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        // Two columns of the row, not the payload: a publisher polls this for whole batches.
        command.CommandText = $"SELECT paper_id, delivered FROM recommender_papers WHERE service_id = @service AND {AnyOf(command, "paper_id", "ids", paperIds)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            delivered[reader.GetString(0)] = reader.GetBoolean(1);
        }
        return delivered;
    }

    public async Task<IReadOnlyList<string>> ListUndeliveredAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = "SELECT paper_id FROM recommender_papers WHERE service_id = @service AND delivered = FALSE ORDER BY position LIMIT @count";
        AddParameter(command, "count", count);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public async Task<IReadOnlyList<StoredPaper>> GetAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        if (paperIds.Count == 0)
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = $"SELECT {PaperColumns} FROM recommender_papers p WHERE p.service_id = @service AND {AnyOf(command, "p.paper_id", "ids", paperIds)}";
        var rows = await ReadPapersAsync(connection, command, cancellationToken);
        var byId = rows.ToDictionary(r => r.Paper.Paper.Id, r => r.Paper, StringComparer.Ordinal);
        return paperIds.Distinct(StringComparer.Ordinal).Select(byId.GetValueOrDefault).OfType<StoredPaper>().ToArray();
    }

    public async Task<IReadOnlyList<StoredPaper>> GetByPositionAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default)
    {
        if (positions.Count == 0)
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = $"SELECT {PaperColumns} FROM recommender_papers p WHERE p.service_id = @service AND {AnyOfPositions(command, "p.position", "positions", positions)}";
        return (await ReadPapersAsync(connection, command, cancellationToken)).Select(r => r.Paper).ToArray();
    }

    public async Task<PaperPage> ListAsync(long after, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        // One row more than asked tells whether the listing goes on.
        command.CommandText = $"SELECT {PaperColumns} FROM recommender_papers p WHERE p.service_id = @service AND p.position > @after ORDER BY p.position LIMIT @limit";
        AddParameter(command, "after", after);
        AddParameter(command, "limit", count + 1);
        var rows = await ReadPapersAsync(connection, command, cancellationToken);
        var page = rows.Take(count).ToArray();
        return new PaperPage(page.Select(r => r.Paper).ToArray(), rows.Count > count ? page[^1].Position : null);
    }

    public async Task<IReadOnlyList<StoredPaper>> LatestAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = $"SELECT {PaperColumns} FROM recommender_papers p WHERE p.service_id = @service ORDER BY p.position DESC LIMIT @limit";
        AddParameter(command, "limit", count);
        return (await ReadPapersAsync(connection, command, cancellationToken)).Select(r => r.Paper).ToArray();
    }

    public async Task<TopicPapers> RecentInTopicAsync(string topicId, int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.CommandText = $"""
            SELECT {PaperColumns} FROM recommender_paper_topics t
            JOIN recommender_papers p ON p.service_id = t.service_id AND p.paper_id = t.paper_id
            WHERE t.service_id = @service AND t.topic_id = @topic AND p.delivered = TRUE
            ORDER BY t.position DESC LIMIT @limit
            """;
        AddParameter(command, "topic", topicId);
        AddParameter(command, "limit", count);
        var rows = await ReadPapersAsync(connection, command, cancellationToken);

        await using var total = ServiceCommand(connection);
        total.CommandText = """
            SELECT count(*) FROM recommender_paper_topics t
            JOIN recommender_papers p ON p.service_id = t.service_id AND p.paper_id = t.paper_id
            WHERE t.service_id = @service AND t.topic_id = @topic AND p.delivered = TRUE
            """;
        AddParameter(total, "topic", topicId);
        return new TopicPapers(rows.Select(r => r.Paper).ToArray(), Convert.ToInt64(await total.ExecuteScalarAsync(cancellationToken)));
    }

    public async Task ReplaceVectorsAsync(IReadOnlyList<StoredPaper> papers, CancellationToken cancellationToken = default)
    {
        if (papers.Count == 0)
        {
            return;
        }
        using var writing = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.Transaction = transaction;
        command.CommandText = "UPDATE recommender_papers SET payload = @payload WHERE service_id = @service AND paper_id = @paper";
        var payload = AddParameter(command, "payload", Array.Empty<byte>());
        var paper = AddParameter(command, "paper", "");
        foreach (var stored in papers)
        {
            // The payload holds the vector and its encoder; position and delivery are columns of their own and stay.
            payload.Value = payloads.Write(stored with { Position = 0, FannedOut = false });
            paper.Value = stored.Paper.Id;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddToTopicAsync(string topicId, IReadOnlyList<TopicMember> members, CancellationToken cancellationToken = default)
    {
        using var writing = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = ServiceCommand(connection);
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO recommender_paper_topics (service_id, paper_id, topic_id, position, similarity)
            SELECT p.service_id, p.paper_id, @topic, p.position, @similarity FROM recommender_papers p
            WHERE p.service_id = @service AND p.paper_id = @paper
            ON CONFLICT DO NOTHING
            """;
        var topic = AddParameter(command, "topic", topicId);
        var similarity = AddParameter(command, "similarity", 0f);
        var paper = AddParameter(command, "paper", "");
        foreach (var member in members)
        {
            paper.Value = member.PaperId;
            similarity.Value = member.Similarity;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A command with <c>@service</c> bound: every row carries Orleans' ServiceId, so services sharing a database keep apart.</summary>
    protected DbCommand ServiceCommand(DbConnection connection)
    {
        var command = connection.CreateCommand();
        AddParameter(command, "service", serviceId);
        return command;
    }

    protected static DbParameter AddParameter(DbCommand command, string name, object value) => DbParameters.Add(command, name, value);

    private static StoreOutcome Outcome(PaperToStore paper, Dictionary<string, long> added, Dictionary<string, (string Id, bool Delivered)> existing)
    {
        var id = paper.Paper.Paper.Id;
        if (added.TryGetValue(id, out var position))
        {
            return new StoreOutcome(StoreStatus.Added, id, Position: position);
        }
        if (existing.TryGetValue("id:" + id, out var sameId))
        {
            return new StoreOutcome(StoreStatus.SameId, id, sameId.Delivered);
        }
        if (existing.TryGetValue("title:" + paper.TitleKey, out var sameTitle))
        {
            return new StoreOutcome(StoreStatus.SameTitle, sameTitle.Id);
        }
        // The insert found a conflicting row, so one exists; only a concurrent delete could hide it.
        throw new InvalidOperationException($"Paper {id} was neither stored nor found as a duplicate.");
    }

    /// <summary>The stored rows that share an id or a title key with <paramref name="papers"/>, keyed "id:…" and "title:…".</summary>
    private async Task<Dictionary<string, (string Id, bool Delivered)>> ExistingAsync(
        DbConnection connection, IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken)
    {
        await using var command = ServiceCommand(connection);
        var byId = AnyOf(command, "paper_id", "ids", papers.Select(p => p.Paper.Paper.Id).ToArray());
        var byTitle = AnyOf(command, "title_key", "keys", papers.Select(p => p.TitleKey).ToArray());
        command.CommandText = $"SELECT paper_id, title_key, delivered FROM recommender_papers WHERE service_id = @service AND ({byId} OR {byTitle})";
        var found = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = (reader.GetString(0), reader.GetBoolean(2));
            found["id:" + row.Item1] = row;
            found["title:" + reader.GetString(1)] = row;
        }
        return found;
    }

    private async Task<List<(long Position, StoredPaper Paper)>> ReadPapersAsync(DbConnection connection, DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<(long Position, string Id, byte[] Payload, bool Delivered)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetBoolean(3)));
            }
        }
        var topics = rows.Count == 0 ? [] : await TopicsOfAsync(connection, rows.Select(r => r.Id).ToArray(), cancellationToken);
        return rows.Select(r => (r.Position, payloads.Read(r.Payload, topics.GetValueOrDefault(r.Id) ?? []) with { Position = r.Position, FannedOut = r.Delivered })).ToList();
    }

    private async Task<Dictionary<string, TopicMatch[]>> TopicsOfAsync(DbConnection connection, IReadOnlyList<string> paperIds, CancellationToken cancellationToken)
    {
        await using var command = ServiceCommand(connection);
        command.CommandText = $"SELECT paper_id, topic_id, similarity FROM recommender_paper_topics WHERE service_id = @service AND {AnyOf(command, "paper_id", "ids", paperIds)}";
        var rows = new List<(string PaperId, TopicMatch Match)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), new TopicMatch { TopicId = reader.GetString(1), Similarity = reader.GetFloat(2) }));
        }
        // Strongest match first, as routing lists them.
        return rows.GroupBy(r => r.PaperId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(r => r.Match).OrderByDescending(m => m.Similarity).ThenBy(m => m.TopicId, StringComparer.Ordinal).ToArray(),
            StringComparer.Ordinal);
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }
}
