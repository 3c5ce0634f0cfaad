// OnnxRanker and ModelFileRankerSource on models produced by the exporter.
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Training.Model;
using Recommender.Training.Tests.Model;

namespace Recommender.Training.Tests.Onnx;

public sealed class OnnxRankerTests : IDisposable
{
    private static readonly string[] Features = ["a", "b", "noise", "offset"];
    private readonly string _dir = Directory.CreateTempSubdirectory("ranker-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Onnx_ranker_scores_like_the_trained_model()
    {
        var model = OnnxRoundTripTests.SmallModel(Architecture.Mmoe);
        using var ranker = OnnxRanker.Load(OnnxRoundTripTests.Export(model), Features);
        var x = TrainerTests.Synthetic(50, 3).Features;
        var scores = new float[50 * 3];
        var combined = new float[50];
        ranker.Score(x, 50, scores, combined);
        var expected = model.Predict(x, 50);
        for (var i = 0; i < scores.Length; i++) Assert.Equal(expected[i], scores[i], 1e-5f);
        Assert.Equal(["click", "save", "dwell"], ranker.Descriptor.TaskNames);
        Assert.StartsWith("mmoe-", ranker.Descriptor.Version);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_scores_as_one_caller()
    {
        var model = OnnxRoundTripTests.SmallModel(Architecture.Mmoe);
        using var ranker = OnnxRanker.Load(OnnxRoundTripTests.Export(model), Features);
        var x = TrainerTests.Synthetic(64, 8).Features;
        var expected = model.Predict(x, 64);
        Parallel.For(0, 200, _ =>
        {
            var scores = new float[64 * 3];
            ranker.Score(x, 64, scores, new float[64]);
            for (var i = 0; i < scores.Length; i++) Assert.Equal(expected[i], scores[i], 1e-5f);
        });
    }

    [Fact]
    public void A_disposed_ranker_refuses_to_score()
    {
        var ranker = OnnxRanker.Load(OnnxRoundTripTests.Export(OnnxRoundTripTests.SmallModel(Architecture.Mmoe, 1)), Features);
        ranker.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ranker.Score(new float[4], 1, new float[3], new float[1]));
    }

    [Fact]
    public void A_feature_schema_mismatch_names_the_differing_feature()
    {
        var bytes = OnnxRoundTripTests.Export(OnnxRoundTripTests.SmallModel(Architecture.SharedBottom, 1));
        var e = Assert.Throws<InvalidModelException>(() => OnnxRanker.Load(bytes, PairFeatures.Names));
        Assert.Contains("feature 0 is 'a' in the model but 'interest_similarity'", e.Message);
    }

    [Fact]
    public void A_corrupt_model_file_gives_a_clear_error()
    {
        var path = Path.Combine(_dir, "corrupt.onnx");
        var bytes = OnnxRoundTripTests.Export(OnnxRoundTripTests.SmallModel(Architecture.Mmoe, 1));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidModelException>(() => OnnxRanker.Load(path, Features));
        Assert.Contains("corrupt.onnx", e.Message);
    }

    [Fact]
    public void Hot_swap_picks_up_a_new_model_file_and_ignores_a_broken_one()
    {
        var path = Path.Combine(_dir, "model.onnx");
        var first = OnnxRoundTripTests.SmallModel(Architecture.Mmoe, 1);
        File.WriteAllBytes(path, OnnxRoundTripTests.Export(first));
        var log = new List<string>();
        using var source = new ModelFileRankerSource(path, Features, m => { lock (log) log.Add(m); }, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        var before = source.Current;

        var second = MultiTaskTrainer.Train(TrainerTests.Synthetic(300, 4), new TrainerOptions { Epochs = 1, Seed = 99, Experts = 3, ExpertUnits = 8, TowerUnits = 4 });
        var temp = Path.Combine(_dir, "model.tmp");
        File.WriteAllBytes(temp, OnnxRoundTripTests.Export(second));
        File.Move(temp, path, overwrite: true);
        Assert.True(SpinWait.SpinUntil(() => source.Swaps >= 1, TimeSpan.FromSeconds(20)), "no swap within 20 s");
        Assert.NotSame(before, source.Current);
        Assert.Equal(Training.Onnx.OnnxExporter.ModelVersion(second), source.Current.Descriptor.Version);

        var current = source.Current;
        File.WriteAllBytes(path, [1, 2, 3, 4]);
        Assert.False(source.Reload());
        Assert.Same(current, source.Current);
        lock (log) Assert.Contains(log, m => m.Contains("reload failed"));
    }
}
