namespace Recommender.Abstractions.Papers;

/// <summary>One paper of the catalogue (key <c>paper:&lt;id&gt;</c>).</summary>
[Alias("recommender.IPaperGrain")]
public interface IPaperGrain : IGrainWithStringKey
{
    /// <summary>The stored paper, or null when this id was never stored.</summary>
    [Alias("Get")]
    Task<StoredPaper?> Get();

    /// <summary>Stores the paper durably; returns false (and changes nothing) if it was already stored.</summary>
    [Alias("Store")]
    Task<bool> Store(StoredPaper paper);
}
