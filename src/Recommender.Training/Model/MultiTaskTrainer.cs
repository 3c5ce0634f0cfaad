// Mini-batch Adam training of a multi-task network with per-task losses, a held-out
// validation split and early stopping. Single-threaded so a seed fully determines the result.
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Recommender.Training.Model;

public static class MultiTaskTrainer
{
    public static MultiTaskModel Train(TrainingData data, TrainerOptions options)
    {
        if (data.Rows < 2)
        {
            throw new ArgumentException("Training needs at least two rows.");
        }
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || options.ValidationFraction is < 0 or >= 1 || options.Patience < 1)
        {
            throw new ArgumentException("Epochs, batch size, learning rate and patience must be positive; the validation fraction in [0, 1).");
        }
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, data.Rows).ToArray();
        random.Shuffle(order);
        var validationRows = (int)Math.Clamp(Math.Round(data.Rows * options.ValidationFraction), options.ValidationFraction > 0 ? 1 : 0, data.Rows - 1);
        var train = order[validationRows..];
        var validation = order[..validationRows];

        var (mean, std) = Standardization(data, train);
        var x = NormalizedRows(data, mean, std);
        var network = new Network(options.Architecture, data.FeatureCount, options.Experts, options.ExpertUnits, options.TowerUnits, data.TaskCount);
        var p = network.Initialize(random);
        RoundToFloat(p);
        var adam = new Adam(p.Length, options.LearningRate);
        var grad = new double[p.Length];
        var ws = network.CreateWorkspace();

        var best = (double[])p.Clone();
        var bestLoss = validationRows > 0 ? Loss(network, p, data, x, validation, ws) : double.PositiveInfinity;
        var bestEpoch = 0;
        var history = new List<double>();
        var epoch = 0;
        while (epoch < options.Epochs)
        {
            epoch++;
            random.Shuffle(train);
            for (var start = 0; start < train.Length; start += options.BatchSize)
            {
                var batch = train.AsSpan(start, Math.Min(options.BatchSize, train.Length - start));
                Array.Clear(grad);
                foreach (var row in batch)
                {
                    network.Forward(p, x.AsSpan(row * data.FeatureCount, data.FeatureCount), ws);
                    SampleLoss(data, row, ws.Outputs, ws.OutputGrad);
                    network.Backward(p, ws, grad);
                }
                var scale = 1.0 / batch.Length;
                for (var i = 0; i < grad.Length; i++)
                {
                    grad[i] *= scale;
                }
                adam.Step(p, grad);
            }
            var loss = validationRows > 0 ? Loss(network, p, data, x, validation, ws) : Loss(network, p, data, x, train, ws);
            history.Add(loss);
            options.Log?.Invoke($"epoch {epoch}: validation loss {loss:F5}");
            if (loss < bestLoss - 1e-7 || bestEpoch == 0)
            {
                bestLoss = loss;
                bestEpoch = epoch;
                Array.Copy(p, best, p.Length);
            }
            else if (epoch - bestEpoch >= options.Patience)
            {
                break;
            }
        }
        // Export is float32; rounding here makes C# and ONNX Runtime see the very same weights.
        RoundToFloat(best);
        var report = new TrainingReport(epoch, bestEpoch, bestLoss, history, train.Length, validationRows, options.Seed, Sha256(data));
        return new MultiTaskModel(network, best, data.FeatureNames, data.Tasks, mean, std, report);
    }

    /// <summary>Weighted loss of one sample; writes dLoss/dOutput. NaN labels contribute nothing.</summary>
    public static double SampleLoss(TrainingData data, int row, ReadOnlySpan<double> outputs, Span<double> outputGrad)
    {
        var total = 0.0;
        for (var t = 0; t < data.TaskCount; t++)
        {
            var label = data.Labels[row * data.TaskCount + t];
            if (float.IsNaN(label))
            {
                outputGrad[t] = 0.0;
                continue;
            }
            var task = data.Tasks[t];
            var loss = task.Kind == TaskKind.Binary
                ? Layers.SigmoidBce(outputs[t], label, out var g)
                : Layers.SquaredError(outputs[t], label, out g);
            total += task.LossWeight * loss;
            outputGrad[t] = task.LossWeight * g;
        }
        return total;
    }

    private static double Loss(Network network, double[] p, TrainingData data, double[] x, int[] rows, Network.Workspace ws)
    {
        var total = 0.0;
        foreach (var row in rows)
        {
            network.Forward(p, x.AsSpan(row * data.FeatureCount, data.FeatureCount), ws);
            total += SampleLoss(data, row, ws.Outputs, ws.OutputGrad);
        }
        return total / Math.Max(1, rows.Length);
    }

    private static (float[] Mean, float[] Std) Standardization(TrainingData data, int[] rows)
    {
        var f = data.FeatureCount;
        var sum = new double[f];
        var sq = new double[f];
        foreach (var r in rows)
        {
            for (var i = 0; i < f; i++)
            {
                double v = data.Features[r * f + i];
                sum[i] += v;
                sq[i] += v * v;
            }
        }
        var mean = new float[f];
        var std = new float[f];
        for (var i = 0; i < f; i++)
        {
            var m = sum[i] / rows.Length;
            var s = Math.Sqrt(Math.Max(0.0, sq[i] / rows.Length - m * m));
            mean[i] = (float)m;
            // A constant feature would divide by zero; leave it centred but unscaled.
            std[i] = s < 1e-6 ? 1f : (float)s;
        }
        return (mean, std);
    }

    private static double[] NormalizedRows(TrainingData data, float[] mean, float[] std)
    {
        var f = data.FeatureCount;
        var x = new double[data.Features.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (data.Features[i] - mean[i % f]) / std[i % f];
        }
        return x;
    }

    private static void RoundToFloat(double[] p)
    {
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (float)p[i];
        }
    }

    private static string Sha256(TrainingData data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(MemoryMarshal.AsBytes(data.Features.AsSpan()));
        sha.AppendData(MemoryMarshal.AsBytes(data.Labels.AsSpan()));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed class Adam(int size, double learningRate)
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly double[] _m = new double[size];
        private readonly double[] _v = new double[size];
        private int _t;

        public void Step(double[] p, double[] g)
        {
            _t++;
            var c1 = 1.0 - Math.Pow(Beta1, _t);
            var c2 = 1.0 - Math.Pow(Beta2, _t);
            for (var i = 0; i < p.Length; i++)
            {
                _m[i] = Beta1 * _m[i] + (1 - Beta1) * g[i];
                _v[i] = Beta2 * _v[i] + (1 - Beta2) * g[i] * g[i];
                p[i] -= learningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + Epsilon);
            }
        }
    }
}
