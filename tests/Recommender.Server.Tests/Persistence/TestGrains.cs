// Small grains used only to exercise the persistence wiring.
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

[Alias("Recommender.Server.Tests.Persistence.INotebookGrain")]
public interface INotebookGrain : IGrainWithStringKey
{
    [Alias("Append")] Task<int> Append(string note);
    [Alias("Read")] Task<NotebookState> Read();
    [Alias("Clear")] Task Clear();
    [Alias("SetReminder")] Task SetReminder(string name);
    [Alias("HasReminder")] Task<bool> HasReminder(string name);
    [Alias("DropReminder")] Task DropReminder(string name);
}

/// <summary>Same key space as the notebook; proves two grain classes keep separate rows.</summary>
[Alias("Recommender.Server.Tests.Persistence.ITallyGrain")]
public interface ITallyGrain : IGrainWithStringKey
{
    [Alias("Add")] Task<int> Add(int amount);
}

[GenerateSerializer, Alias("Recommender.Server.Tests.Persistence.NotebookState")]
public sealed class NotebookState
{
    [Id(0)] public List<string> Notes { get; set; } = [];
    [Id(1)] public DateTime UpdatedUtc { get; set; }
}

[GenerateSerializer, Alias("Recommender.Server.Tests.Persistence.TallyState")]
public sealed class TallyState
{
    [Id(0)] public int Total { get; set; }
}

public sealed class NotebookGrain(
    [PersistentState("notebook", "state")] IPersistentState<NotebookState> state) : Grain, INotebookGrain, IRemindable
{
    public async Task<int> Append(string note)
    {
        state.State.Notes.Add(note);
        state.State.UpdatedUtc = DateTime.UtcNow;
        await state.WriteStateAsync();
        return state.State.Notes.Count;
    }

    public Task<NotebookState> Read() => Task.FromResult(state.State);

    public Task Clear() => state.ClearStateAsync();

    public Task SetReminder(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminder(string name) => await this.GetReminder(name) is not null;

    public async Task DropReminder(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

public sealed class TallyGrain(
    [PersistentState("tally", "state")] IPersistentState<TallyState> state) : Grain, ITallyGrain
{
    public async Task<int> Add(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }
}
