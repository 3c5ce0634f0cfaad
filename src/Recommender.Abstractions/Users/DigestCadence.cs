namespace Recommender.Abstractions.Users;

[GenerateSerializer, Alias("recommender.DigestCadence")]
public enum DigestCadence
{
    Never = 0,
    Daily = 1,
    Weekly = 2,
}
