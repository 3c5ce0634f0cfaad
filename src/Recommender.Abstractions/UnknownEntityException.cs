namespace Recommender.Abstractions;

/// <summary>A grain was asked about a user, topic or paper that does not exist.</summary>
[GenerateSerializer, Alias("recommender.UnknownEntityException")]
public sealed class UnknownEntityException : Exception
{
    public UnknownEntityException(string field, string id)
        : base($"{field} '{id}' does not exist.")
    {
        Field = field;
        EntityId = id;
    }

    /// <summary>The request field that named the missing entity, e.g. "topic_id".</summary>
    [Id(0)] public string Field { get; }

    [Id(1)] public string EntityId { get; }
}
