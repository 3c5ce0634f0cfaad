// The topic vectors the interest probe compares with, per silo: the directory grain answers with every
// topic's vector (a megabyte at 1,000 topics), too much to ask for on every feed rebuild of every silo.
using Recommender.Abstractions;
using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Recall;

public sealed class TopicVectorCache(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>A topic defined within this time may not be probed yet; its followers get its papers at once anyway.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // A reference, so that a reader on another thread sees a whole snapshot or the one before it.
    private Snapshot? current;

    public async Task<TopicVectorSet> GetAsync()
    {
        if (current is { } known && clock.GetUtcNow() - known.ReadAt < MaxAge)
        {
            return known.Vectors;
        }
        // Callers racing here each ask once; the answers are the same immutable snapshot.
        var vectors = await grains.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).GetVectors();
        current = new Snapshot(vectors, clock.GetUtcNow());
        return vectors;
    }

    private sealed record Snapshot(TopicVectorSet Vectors, DateTimeOffset ReadAt);
}
