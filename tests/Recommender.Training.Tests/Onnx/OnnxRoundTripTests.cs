// The exported graph must compute what the C# network computes, as run by ONNX Runtime.
using Microsoft.ML.OnnxRuntime;
using Recommender.Ranking.Scoring;
using Recommender.Training.Model;
using Recommender.Training.Onnx;
using Recommender.Training.Tests.Model;
using ModelMetadata = Recommender.Training.Onnx.ModelMetadata;

namespace Recommender.Training.Tests.Onnx;

public sealed class OnnxRoundTripTests
{
    internal static MultiTaskModel SmallModel(Architecture architecture, int epochs = 2) =>
        MultiTaskTrainer.Train(TrainerTests.Synthetic(400, 9), new TrainerOptions { Architecture = architecture, Epochs = epochs, Experts = 3, ExpertUnits = 8, TowerUnits = 4 });

    [Theory]
    [InlineData(Architecture.Mmoe)]
    [InlineData(Architecture.SharedBottom)]
    public void Onnx_runtime_output_matches_the_csharp_forward_pass(Architecture architecture)
    {
        var model = SmallModel(architecture);
        var bytes = Export(model);
        using var session = new InferenceSession(bytes);
        var r = new Random(21);
        const int rows = 37;
        var x = Enumerable.Range(0, rows * model.FeatureCount).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
        var expected = model.Predict(x, rows);
        var expectedCombined = model.Combine(expected, rows);

        using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, model.FeatureCount]);
        using var results = session.Run(new RunOptions(), [ModelMetadataKeys.InputName], [input], [ModelMetadataKeys.ScoresName, ModelMetadataKeys.CombinedName]);
        var scores = results[0].GetTensorDataAsSpan<float>().ToArray();
        var combined = results[1].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, scores.Length);
        Assert.Equal(rows, combined.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - scores[i]) <= 1e-5, $"score {i}: {expected[i]} vs {scores[i]}");
        for (var i = 0; i < rows; i++) Assert.True(Math.Abs(expectedCombined[i] - combined[i]) <= 1e-5, $"combined {i}: {expectedCombined[i]} vs {combined[i]}");
    }

    [Fact]
    public void Exported_model_carries_metadata_and_symbolic_batch()
    {
        var model = SmallModel(Architecture.Mmoe, 1);
        using var session = new InferenceSession(Export(model));
        var meta = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("a,b,noise,offset", meta[ModelMetadataKeys.FeatureNames]);
        Assert.Equal("click,save,dwell", meta[ModelMetadataKeys.TaskNames]);
        Assert.Equal("binary,binary,real", meta[ModelMetadataKeys.TaskKinds]);
        Assert.StartsWith("mmoe-", meta[ModelMetadataKeys.ModelVersion]);
        Assert.Equal(OnnxExporter.ModelVersion(model), meta[ModelMetadataKeys.ModelVersion]);
        Assert.Equal(-1, session.InputMetadata[ModelMetadataKeys.InputName].Dimensions[0]);
        Assert.Equal(3, session.OutputMetadata[ModelMetadataKeys.ScoresName].Dimensions[1]);
    }

    internal static byte[] Export(MultiTaskModel model, ModelMetadata? metadata = null)
    {
        using var stream = new MemoryStream();
        OnnxExporter.Write(model, stream, metadata ?? new ModelMetadata());
        return stream.ToArray();
    }
}
