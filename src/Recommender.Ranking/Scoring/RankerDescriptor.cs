namespace Recommender.Ranking.Scoring;

/// <summary>Identity and interface of a ranker.</summary>
/// <param name="Version">Reported with every score it produced, e.g. "cosine-v1" or "mmoe-3f2a9c".</param>
/// <param name="TaskNames">Per-task outputs, in order.</param>
/// <param name="FeatureNames">Inputs expected, in order.</param>
public sealed record RankerDescriptor(string Version, IReadOnlyList<string> TaskNames, IReadOnlyList<string> FeatureNames);
