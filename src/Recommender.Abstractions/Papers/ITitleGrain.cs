namespace Recommender.Abstractions.Papers;

/// <summary>Owner of one normalized title (key <c>title:&lt;fingerprint&gt;</c>): the first paper id to claim it wins.</summary>
[Alias("recommender.ITitleGrain")]
public interface ITitleGrain : IGrainWithStringKey
{
    /// <summary>Claims the title for <paramref name="paperId"/>; returns the id that owns it (durably).</summary>
    [Alias("Claim")]
    Task<string> Claim(string paperId);
}
