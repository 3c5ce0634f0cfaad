namespace Recommender.Abstractions.Topics;

/// <summary>The list of all topics and their vectors (key <c>topics:directory</c>), for listing and routing.</summary>
[Alias("recommender.ITopicDirectoryGrain")]
public interface ITopicDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces a topic's vector, durably.</summary>
    [Alias("Register")]
    Task Register(TopicVector topic);

    /// <summary>Every topic vector, with a version that changes whenever one does.</summary>
    [Alias("GetVectors")]
    Task<TopicVectorSet> GetVectors();

    /// <summary>Topic ids in id order, from after <paramref name="afterId"/> (empty for the start).</summary>
    [Alias("ListIds")]
    Task<IReadOnlyList<string>> ListIds(string afterId, int count);
}

[GenerateSerializer, Immutable, Alias("recommender.TopicVectorSet")]
public sealed record TopicVectorSet
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public IReadOnlyList<TopicVector> Topics { get; init; } = [];
}
