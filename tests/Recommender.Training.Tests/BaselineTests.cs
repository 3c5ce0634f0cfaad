using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests;

public sealed class BaselineTests
{
    [Fact]
    public void The_per_user_tfidf_baseline_beats_random_on_a_temporal_split()
    {
        var simulation = new InteractionSimulator(new SimulationOptions(Users: 60, Days: 8, Seed: 11, PapersPerDay: 40)).Run();
        var (train, test) = TemporalSplit.Split(LogsToCsv.Join(simulation.Events));
        var text = simulation.Papers.ToDictionary(p => p.Id, p => p.Title + " " + p.Abstract);
        var tfidf = Evaluator.Evaluate(new TfIdfUserScorer(text), train, test);
        var random = Evaluator.Evaluate(new RandomScorer(11), train, test);
        Assert.True(tfidf.Heads[LabeledImpression.Click].Auc > 0.7, $"click AUC {tfidf.Heads[0].Auc}");
        Assert.True(tfidf.Ndcg10 > random.Ndcg10 + 0.1, $"NDCG {tfidf.Ndcg10} vs random {random.Ndcg10}");
    }

    [Fact]
    public void Tfidf_rows_are_unit_length_and_include_bigrams()
    {
        string[] docs = ["graph node edge", "graph node walks", "graph node edge", "graph node pooling", "graph node edge", "policy reward agent"];
        var vectorizer = TfIdfVectorizer.Fit(docs, minDf: 2, maxDf: 1.0);
        var row = vectorizer.Transform("graph node edge");
        Assert.Equal(1.0, Math.Sqrt(row.Sum(p => p.Value * p.Value)), 6);
        Assert.Equal(5, row.Length); // graph, node, edge, "graph node", "node edge"
    }
}
