using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Topics;

public sealed class TopicDirectoryGrain([PersistentState("topic-directory", "state")] IPersistentState<TopicDirectoryState> state)
    : Grain, ITopicDirectoryGrain
{
    private TopicVectorSet? snapshot;

    public async Task Register(TopicVector topic)
    {
        state.State.Vectors[topic.TopicId] = topic.Vector;
        state.State.Encoders[topic.TopicId] = EncoderIds.Of(topic.Encoder);
        state.State.Version++;
        snapshot = null;
        await state.WriteStateAsync();
    }

    public Task<TopicVectorSet> GetVectors()
    {
        // Built once per change and shared: it is immutable and asked for on every publish batch.
        snapshot ??= new TopicVectorSet
        {
            Version = state.State.Version,
            Topics = state.State.Vectors
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => new TopicVector { TopicId = pair.Key, Vector = pair.Value, Encoder = EncoderIds.Of(state.State.Encoders.GetValueOrDefault(pair.Key)) })
                .ToArray(),
        };
        return Task.FromResult(snapshot);
    }

    public Task<IReadOnlyList<string>> ListIds(string afterId, int count) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Vectors.Keys
            .Where(id => string.CompareOrdinal(id, afterId) > 0)
            .Order(StringComparer.Ordinal)
            .Take(count)
            .ToArray());
}
