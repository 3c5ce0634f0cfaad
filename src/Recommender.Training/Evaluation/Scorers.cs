// Models under evaluation: each fits on the training impressions and predicts the four
// head probabilities (click, upvote, save, hide) of test impressions.
using Recommender.Ranking.Features;
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

public interface IHeadScorer
{
    string Name { get; }

    void Fit(IReadOnlyList<LabeledImpression> train);

    /// <summary>Per impression, one probability per head.</summary>
    double[][] Predict(IReadOnlyList<LabeledImpression> test);
}

/// <summary>A single raw score turned into per-head probabilities by Platt scaling on training data.</summary>
public abstract class PlattScorer : IHeadScorer
{
    private LogisticRegression[] heads = [];

    public abstract string Name { get; }

    protected abstract double Score(LabeledImpression row);

    public virtual void Fit(IReadOnlyList<LabeledImpression> train) => FitCalibration(train);

    /// <summary>Fits the per-head Platt scaling on <paramref name="rows"/> with the current scores.</summary>
    protected void FitCalibration(IReadOnlyList<LabeledImpression> rows)
    {
        var scores = rows.Select(r => new[] { Score(r) }).ToList();
        heads = Enumerable.Range(0, LogEvent.Kinds.Count)
            .Select(h => LogisticRegression.FitDense(scores, rows.Select(r => r.Labels[h]).ToList()))
            .ToArray();
    }

    public double[][] Predict(IReadOnlyList<LabeledImpression> test) =>
        test.Select(r => heads.Select(h => h.Probability([Score(r)])).ToArray()).ToArray();
}

public sealed class PopularityScorer : PlattScorer
{
    private static readonly int Column = PairFeatures.Names.ToList().IndexOf("log_upvotes");
    public override string Name => "popularity (log_upvotes)";
    protected override double Score(LabeledImpression row) => row.Features[Column];
}

public sealed class CosineScorer : PlattScorer
{
    private static readonly int Column = PairFeatures.Names.ToList().IndexOf("interest_similarity");
    public override string Name => "cosine (interest_similarity)";
    protected override double Score(LabeledImpression row) => row.Features[Column];
}

/// <summary>arxiv-sanity-lite's method: per user, a linear model over TF-IDF of the papers the
/// user reacted to positively (click/upvote/save) against the other papers shown to them.</summary>
public sealed class TfIdfUserScorer(IReadOnlyDictionary<string, string> paperText, double c = 0.01) : PlattScorer
{
    private readonly TfIdfVectorizer vectorizer = TfIdfVectorizer.Fit(paperText.Values.OrderBy(t => t, StringComparer.Ordinal));
    private readonly Dictionary<string, (int, double)[]> rows = [];
    private readonly Dictionary<string, LogisticRegression> users = [];

    public override string Name => "per-user TF-IDF logistic";

    /// <summary>Per-user models overfit their own training rows, so Platt scaling is fitted on the last
    /// training days scored by models of the earlier days; then the models are refitted on all days.</summary>
    public override void Fit(IReadOnlyList<LabeledImpression> train)
    {
        var (early, late) = TemporalSplit.Split(train, testFraction: 0.3);
        FitUsers(early);
        FitCalibration(late);
        FitUsers(train);
    }

    private void FitUsers(IReadOnlyList<LabeledImpression> train)
    {
        users.Clear();
        foreach (var group in train.GroupBy(r => r.UserId))
        {
            var examples = group.ToList();
            var labels = examples.Select(r => r.IsPositive).ToList();
            if (labels.Any(l => l) && labels.Any(l => !l))
            {
                users[group.Key] = LogisticRegression.Fit(examples.Select(r => Row(r.PaperId)).ToList(), labels,
                    vectorizer.Dimension, c, balanced: true, iterations: 60);
            }
        }
    }

    protected override double Score(LabeledImpression row) =>
        users.TryGetValue(row.UserId, out var model) ? model.Decision(Row(row.PaperId)) : 0;

    private (int, double)[] Row(string paperId)
    {
        if (!rows.TryGetValue(paperId, out var row))
        {
            rows[paperId] = row = vectorizer.Transform(paperText[paperId]);
        }
        return row;
    }
}

/// <summary>One logistic regression per head over all PairFeatures: a single-task reference.</summary>
public sealed class LinearFeaturesScorer : IHeadScorer
{
    private LogisticRegression[] heads = [];

    public string Name => "logistic on PairFeatures (single-task)";

    public void Fit(IReadOnlyList<LabeledImpression> train)
    {
        var x = train.Select(r => r.Features.Select(v => (double)v).ToArray()).ToList();
        heads = Enumerable.Range(0, LogEvent.Kinds.Count)
            .Select(h => LogisticRegression.FitDense(x, train.Select(r => r.Labels[h]).ToList()))
            .ToArray();
    }

    public double[][] Predict(IReadOnlyList<LabeledImpression> test) =>
        test.Select(r => heads.Select(h => h.Probability(r.Features.Select(v => (double)v).ToArray())).ToArray()).ToArray();
}
