// Scenarios shared by the PostgreSQL and SQLite tests; each test class supplies the silo wiring.
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

internal static class PersistenceScenarios
{
    public static async Task StateSurvivesRestart(Action<ISiloBuilder, int, int> persistence)
    {
        var serviceId = TestSilo.NewServiceId();
        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var notebook = silo.Grains.GetGrain<INotebookGrain>("user:ada");
            await notebook.Append("first");
            Assert.Equal(2, await notebook.Append("second"));
        }

        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var state = await silo.Grains.GetGrain<INotebookGrain>("user:ada").Read();
            Assert.Equal(["first", "second"], state.Notes);
            Assert.Equal(DateTimeKind.Utc, state.UpdatedUtc.Kind);
        }
    }

    public static async Task ClearedStateStaysEmptyAndCanBeWrittenAgain(Action<ISiloBuilder, int, int> persistence)
    {
        var serviceId = TestSilo.NewServiceId();
        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var notebook = silo.Grains.GetGrain<INotebookGrain>("user:bob");
            await notebook.Append("to be forgotten");
            await notebook.Clear();
            Assert.Empty((await notebook.Read()).Notes);
        }

        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var notebook = silo.Grains.GetGrain<INotebookGrain>("user:bob");
            Assert.Empty((await notebook.Read()).Notes);
            // A cleared row keeps its version, so writing after a clear must not be an ETag conflict.
            Assert.Equal(1, await notebook.Append("fresh start"));
        }
    }

    public static async Task DistinctStateNamesKeepGrainClassesApart(Action<ISiloBuilder, int, int> persistence)
    {
        var serviceId = TestSilo.NewServiceId();
        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            await silo.Grains.GetGrain<INotebookGrain>("shared:key").Append("note");
            await silo.Grains.GetGrain<ITallyGrain>("shared:key").Add(5);
        }

        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            Assert.Equal(["note"], (await silo.Grains.GetGrain<INotebookGrain>("shared:key").Read()).Notes);
            Assert.Equal(6, await silo.Grains.GetGrain<ITallyGrain>("shared:key").Add(1));
        }
    }

    public static async Task ReminderSurvivesRestartAndCanBeRemoved(Action<ISiloBuilder, int, int> persistence)
    {
        var serviceId = TestSilo.NewServiceId();
        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            await silo.Grains.GetGrain<INotebookGrain>("user:cy").SetReminder("digest");
        }

        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var notebook = silo.Grains.GetGrain<INotebookGrain>("user:cy");
            Assert.True(await notebook.HasReminder("digest"));
            await notebook.DropReminder("digest");
            Assert.False(await notebook.HasReminder("digest"));
        }
    }

    public static async Task ConcurrentWritesAllLand(Action<ISiloBuilder, int, int> persistence)
    {
        var serviceId = TestSilo.NewServiceId();
        const int grains = 100;
        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            await Task.WhenAll(Enumerable.Range(0, grains).Select(async i =>
            {
                var tally = silo.Grains.GetGrain<ITallyGrain>($"tally:{i}");
                for (var round = 0; round < 3; round++)
                {
                    await tally.Add(1);
                }
            }));
        }

        await using (var silo = await TestSilo.StartAsync(serviceId, persistence))
        {
            var totals = await Task.WhenAll(Enumerable.Range(0, grains)
                .Select(i => silo.Grains.GetGrain<ITallyGrain>($"tally:{i}").Add(0)));
            Assert.All(totals, total => Assert.Equal(3, total));
        }
    }
}
