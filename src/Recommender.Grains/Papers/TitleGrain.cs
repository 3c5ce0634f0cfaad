using Recommender.Abstractions.Papers;

namespace Recommender.Grains.Papers;

public sealed class TitleGrain([PersistentState("title", "state")] IPersistentState<TitleState> state) : Grain, ITitleGrain
{
    public async Task<string> Claim(string paperId)
    {
        if (state.State.OwnerPaperId is { } owner)
        {
            return owner;
        }
        state.State.OwnerPaperId = paperId;
        await state.WriteStateAsync();
        return paperId;
    }
}
