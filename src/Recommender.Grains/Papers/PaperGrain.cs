using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Papers;

public sealed class PaperGrain([PersistentState("paper", "state")] IPersistentState<PaperState> state) : Grain, IPaperGrain
{
    public Task<StoredPaper?> Get() => Task.FromResult(state.State.Paper);

    public async Task<bool> Store(StoredPaper paper)
    {
        if (state.State.Paper is not null)
        {
            return false;
        }
        state.State.Paper = paper;
        await state.WriteStateAsync();
        return true;
    }
}
