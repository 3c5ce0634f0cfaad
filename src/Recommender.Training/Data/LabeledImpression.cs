// An impression joined with the feedback it received: one training/evaluation example.
namespace Recommender.Training.Data;

/// <param name="Labels">click, upvote, save, hide (see <see cref="LogEvent.Kinds"/>).</param>
public sealed record LabeledImpression(
    string UserId,
    string PaperId,
    DateTimeOffset Ts,
    float[] Features,
    bool[] Labels)
{
    public const int Click = 0, Upvote = 1, Save = 2, Hide = 3;

    /// <summary>Graded relevance for NDCG: click + upvote + save, 0 when hidden.</summary>
    public int Relevance => Labels[Hide] ? 0 : (Labels[Click] ? 1 : 0) + (Labels[Upvote] ? 1 : 0) + (Labels[Save] ? 1 : 0);

    public bool IsPositive => Labels[Click] || Labels[Upvote] || Labels[Save];
}
