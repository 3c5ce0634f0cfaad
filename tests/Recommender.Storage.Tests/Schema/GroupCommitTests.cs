// Group commit on a real SQLite file: units that wait while one commits share the next
// transaction, a failing unit is rolled back alone, and an answer means the row is durable.
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Recommender.Storage.Schema;

namespace Recommender.Storage.Tests.Schema;

public sealed class GroupCommitTests : IDisposable
{
    private readonly string file = TestServices.NewSqliteFile();
    private readonly DbDataSource database;

    public GroupCommitTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        database = SqliteFactory.Instance.CreateDataSource(SqliteConnections.ForFile(file));
        using var create = database.CreateCommand("CREATE TABLE rows (value INTEGER NOT NULL)");
        create.ExecuteNonQuery();
    }

    public void Dispose() => TestServices.DeleteSqliteFile(file);

    private static async Task Insert(DbConnection connection, DbTransaction transaction, int value)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO rows (value) VALUES ({value})";
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<long[]> Stored()
    {
        await using var select = database.CreateCommand("SELECT value FROM rows ORDER BY rowid");
        await using var reader = await select.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetInt64(0));
        }
        return values.ToArray();
    }

    [Fact]
    public async Task Units_that_arrive_while_one_commits_share_the_next_transaction_in_arrival_order()
    {
        var commits = new GroupCommit(database, new WriterGate());
        var transactions = new List<(int Value, DbTransaction Transaction)>();
        var firstRunning = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();

        var first = commits.RunAsync("key", async (connection, transaction) =>
        {
            transactions.Add((0, transaction));
            firstRunning.SetResult();
            await releaseFirst.Task;
            await Insert(connection, transaction, 0);
        });
        await firstRunning.Task;
        var rest = Enumerable.Range(1, 10).Select(value => commits.RunAsync("key", async (connection, transaction) =>
        {
            transactions.Add((value, transaction));
            await Insert(connection, transaction, value);
        })).ToArray();
        releaseFirst.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal(Enumerable.Range(0, 11).Select(v => (long)v), await Stored());
        var later = transactions.Where(t => t.Value > 0).Select(t => t.Transaction).Distinct().ToArray();
        Assert.Single(later);
        Assert.NotSame(transactions[0].Transaction, later[0]);
    }

    [Fact]
    public async Task A_failing_unit_is_rolled_back_alone_and_the_rest_of_its_group_commits()
    {
        var commits = new GroupCommit(database);

        var units = Enumerable.Range(0, 20).Select(value => commits.RunAsync($"u{value:00}", async (connection, transaction) =>
        {
            await Insert(connection, transaction, value);
            if (value == 13)
            {
                throw new InvalidOperationException("unit 13 refuses");
            }
        })).ToArray();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => units[13]);
        await Task.WhenAll(units.Where((_, i) => i != 13));
        Assert.Equal("unit 13 refuses", failure.Message);
        Assert.Equal(Enumerable.Range(0, 20).Where(v => v != 13).Select(v => (long)v), (await Stored()).Order());
    }

    [Fact]
    public async Task Every_answered_unit_is_readable_from_another_connection_at_once()
    {
        var commits = new GroupCommit(database, new WriterGate());

        await Task.WhenAll(Enumerable.Range(0, 500).Select(value => Task.Run(async () =>
        {
            await commits.RunAsync("k" + value, (connection, transaction) => Insert(connection, transaction, value));
            await using var count = database.CreateCommand($"SELECT COUNT(*) FROM rows WHERE value = {value}");
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        })));

        Assert.Equal(500, (await Stored()).Length);
    }
}
