using Recommender.Training.Model;

namespace Recommender.Training.Tests.Model;

public sealed class TrainerTests
{
    /// <summary>Two binary tasks from a learnable rule, plus a real task.</summary>
    internal static TrainingData Synthetic(int rows, int seed)
    {
        var r = new Random(seed);
        const int f = 4;
        var x = new float[rows * f];
        var y = new float[rows * 3];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < f; j++) x[i * f + j] = (float)(r.NextDouble() * 4 - 2) + (j == 3 ? 10f : 0f);
            var a = x[i * f];
            var b = x[i * f + 1];
            y[i * 3] = a + b > 0 ? 1f : 0f;
            y[i * 3 + 1] = a * b > 0 ? 1f : 0f;
            y[i * 3 + 2] = 0.5f * a - b;
        }
        TaskSpec[] tasks = [new("click", TaskKind.Binary), new("save", TaskKind.Binary), new("dwell", TaskKind.Real, 0.5f)];
        return new TrainingData(["a", "b", "noise", "offset"], tasks, x, y);
    }

    internal static double Auc(float[] scores, float[] labels, int task, int tasks)
    {
        var pairs = Enumerable.Range(0, labels.Length / tasks).Select(i => (s: scores[i * tasks + task], y: labels[i * tasks + task])).OrderBy(p => p.s).ToArray();
        double rankSum = 0, pos = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].y > 0.5f) { rankSum += i + 1; pos++; }
        }
        var neg = pairs.Length - pos;
        return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
    }

    [Theory]
    [InlineData(Architecture.Mmoe)]
    [InlineData(Architecture.SharedBottom)]
    public void Trainer_recovers_a_learnable_rule(Architecture architecture)
    {
        var train = Synthetic(4000, 1);
        var test = Synthetic(1000, 2);
        var model = MultiTaskTrainer.Train(train, new TrainerOptions { Architecture = architecture, Epochs = 20, Seed = 3, LearningRate = 0.01f, BatchSize = 64 });
        var scores = model.Predict(test.Features, test.Rows);
        Assert.True(Auc(scores, test.Labels, 0, 3) > 0.95, $"click AUC {Auc(scores, test.Labels, 0, 3)}");
        Assert.True(Auc(scores, test.Labels, 1, 3) > 0.9, $"save AUC {Auc(scores, test.Labels, 1, 3)}");
        var mse = Enumerable.Range(0, test.Rows).Average(i => Math.Pow(scores[i * 3 + 2] - test.Labels[i * 3 + 2], 2));
        Assert.True(mse < 0.1, $"dwell MSE {mse}");
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var data = Synthetic(600, 5);
        var options = new TrainerOptions { Epochs = 3, Seed = 11 };
        var a = MultiTaskTrainer.Train(data, options);
        var b = MultiTaskTrainer.Train(data, options);
        var c = MultiTaskTrainer.Train(data, options with { Seed = 12 });
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.NotEqual(a.Parameters, c.Parameters);
    }

    [Fact]
    public void Standardization_uses_training_statistics()
    {
        var model = MultiTaskTrainer.Train(Synthetic(500, 6), new TrainerOptions { Epochs = 1 });
        Assert.InRange(model.Mean[3], 9.7f, 10.3f);
        Assert.InRange(model.Std[0], 1.0f, 1.3f);
    }
}
