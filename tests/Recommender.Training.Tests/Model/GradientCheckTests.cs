// Finite-difference checks of every hand-written gradient, layer by layer and for whole networks.
using Recommender.Training.Model;

namespace Recommender.Training.Tests.Model;

public sealed class GradientCheckTests
{
    private const double Step = 1e-6;
    private const double Tolerance = 1e-5;

    private static double[] RandomVector(Random r, int n, double scale = 1.0) =>
        Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2 - 1) * scale).ToArray();

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Checks analytic[i] against (f(v+h) − f(v−h)) / 2h for each entry of v.</summary>
    private static void AssertGradient(double[] v, double[] analytic, Func<double> objective)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var saved = v[i];
            v[i] = saved + Step;
            var plus = objective();
            v[i] = saved - Step;
            var minus = objective();
            v[i] = saved;
            var numeric = (plus - minus) / (2 * Step);
            Assert.True(Math.Abs(numeric - analytic[i]) <= Tolerance * Math.Max(1.0, Math.Abs(numeric)),
                $"entry {i}: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Dense_layer_gradients_match_finite_differences()
    {
        var r = new Random(1);
        int inDim = 5, outDim = 3;
        var w = RandomVector(r, inDim * outDim);
        var b = RandomVector(r, outDim);
        var x = RandomVector(r, inDim);
        var proj = RandomVector(r, outDim);
        double Objective()
        {
            var y = new double[outDim];
            Layers.DenseForward(w, b, x, y);
            return Dot(y, proj);
        }
        var dw = new double[w.Length];
        var db = new double[b.Length];
        var dx = new double[x.Length];
        Layers.DenseBackward(w, x, proj, dw, db, dx);
        AssertGradient(w, dw, Objective);
        AssertGradient(b, db, Objective);
        AssertGradient(x, dx, Objective);
    }

    [Fact]
    public void Relu_gradients_match_finite_differences()
    {
        var r = new Random(2);
        var x = RandomVector(r, 8).Select(v => Math.Abs(v) < 0.01 ? 0.5 : v).ToArray();
        var proj = RandomVector(r, 8);
        double Objective()
        {
            var y = (double[])x.Clone();
            Layers.ReluForward(y);
            return Dot(y, proj);
        }
        var y = (double[])x.Clone();
        Layers.ReluForward(y);
        var dx = (double[])proj.Clone();
        Layers.ReluBackward(y, dx);
        AssertGradient(x, dx, Objective);
    }

    [Fact]
    public void Gate_softmax_gradients_match_finite_differences()
    {
        var r = new Random(3);
        var logits = RandomVector(r, 4, 2.0);
        var proj = RandomVector(r, 4);
        double Objective()
        {
            var p = new double[4];
            Layers.SoftmaxForward(logits, p);
            return Dot(p, proj);
        }
        var p = new double[4];
        Layers.SoftmaxForward(logits, p);
        var d = new double[4];
        Layers.SoftmaxBackward(p, proj, d);
        AssertGradient(logits, d, Objective);
    }

    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(-2.5, 0.0)]
    [InlineData(12.0, 0.0)]
    public void Sigmoid_with_logistic_loss_gradient_matches_finite_differences(double logit, double label)
    {
        var v = new[] { logit };
        Layers.SigmoidBce(logit, label, out var g);
        AssertGradient(v, [g], () => Layers.SigmoidBce(v[0], label, out _));
    }

    [Fact]
    public void Squared_error_gradient_matches_finite_differences()
    {
        var v = new[] { 0.7 };
        Layers.SquaredError(0.7, -1.2, out var g);
        AssertGradient(v, [g], () => Layers.SquaredError(v[0], -1.2, out _));
    }

    [Theory]
    [InlineData(Architecture.Mmoe)]
    [InlineData(Architecture.SharedBottom)]
    public void Whole_network_gradients_match_finite_differences(Architecture architecture)
    {
        var r = new Random(4);
        var net = new Network(architecture, features: 5, experts: 3, expertUnits: 6, towerUnits: 4, tasks: 2);
        var p = net.Initialize(r);
        for (var i = 0; i < p.Length; i++) p[i] += 0.05 * (r.NextDouble() - 0.5); // non-zero biases
        var x = RandomVector(r, 5);
        double[] labels = [1.0, 0.4];
        var tasks = new[] { new TaskSpec("click", TaskKind.Binary, 0.7f), new TaskSpec("dwell", TaskKind.Real, 1.3f) };
        var data = new TrainingData(["a", "b", "c", "d", "e"], tasks, new float[5], labels.Select(v => (float)v).ToArray());
        var ws = net.CreateWorkspace();
        double Objective()
        {
            net.Forward(p, x, ws);
            return MultiTaskTrainer.SampleLoss(data, 0, ws.Outputs, ws.OutputGrad);
        }
        Objective();
        var grad = new double[p.Length];
        net.Backward(p, ws, grad);
        var dx = (double[])ws.InputGrad.Clone();
        AssertGradient(p, grad, Objective);
        AssertGradient(x, dx, Objective);
    }
}
