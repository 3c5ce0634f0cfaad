namespace Recommender.Abstractions.Papers;

/// <summary>One full-or-filling segment of the catalogue list (key <c>&lt;catalog key&gt;:segment:&lt;n&gt;</c>).</summary>
[Alias("recommender.ICatalogSegmentGrain")]
public interface ICatalogSegmentGrain : IGrainWithStringKey
{
    /// <summary>Appends ids the segment does not hold yet; returns how many were added.</summary>
    [Alias("Append")]
    Task<int> Append(IReadOnlyList<string> paperIds);

    [Alias("Read")]
    Task<IReadOnlyList<string>> Read(int offset, int count);
}
