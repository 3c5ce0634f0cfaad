namespace Recommender.Grains.Papers;

[GenerateSerializer, Alias("recommender.TitleState")]
public sealed class TitleState
{
    [Id(0)] public string? OwnerPaperId { get; set; }
}
