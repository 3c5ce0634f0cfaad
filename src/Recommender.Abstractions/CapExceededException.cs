// A write that would take a user or the service past a documented cap (follows, hidden papers, topics).
namespace Recommender.Abstractions;

[GenerateSerializer, Alias("recommender.CapExceededException")]
public sealed class CapExceededException : Exception
{
    public CapExceededException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The request field whose value would pass the cap, e.g. "topic_id".</summary>
    [Id(0)] public string Field { get; }
}
