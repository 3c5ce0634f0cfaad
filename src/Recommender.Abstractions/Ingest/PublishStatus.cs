namespace Recommender.Abstractions.Ingest;

[GenerateSerializer, Alias("recommender.PublishStatus")]
public enum PublishStatus
{
    Accepted = 0,
    Duplicate = 1,
    Rejected = 2,
}
