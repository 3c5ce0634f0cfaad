// Each topic vector's norm, computed once per directory snapshot: routing a paper and probing a
// user's interests compare one vector with every topic, and taking a thousand norms again each time
// was most of that work (four times the dot products themselves, profiled at registration).
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Recommender.Abstractions.Topics;

namespace Recommender.Grains.Topics;

public static class TopicNorms
{
    private static readonly ConditionalWeakTable<TopicVectorSet, float[]> Norms = new();

    /// <summary>The norm of each topic's vector, in the order of <see cref="TopicVectorSet.Topics"/>.</summary>
    public static float[] Of(TopicVectorSet topics) =>
        Norms.GetValue(topics, set => set.Topics.Select(t => TensorPrimitives.Norm(t.Vector)).ToArray());
}
