// Plain L2-regularized logistic regression by full-batch gradient descent, over dense or
// sparse rows; used for Platt scaling, the linear baseline and the per-user TF-IDF model.
namespace Recommender.Training.Evaluation;

public sealed class LogisticRegression
{
    public double[] Weights { get; private set; } = [];
    public double Bias { get; private set; }
    // Dense models standardize their inputs: (x - mean) / scale.
    private double[] means = [];
    private double[] scales = [];

    /// <summary>Fits on sparse rows (index → value). <paramref name="c"/> is the SVM-style inverse
    /// regularization: loss = ½‖w‖² + C·Σ weighted log-loss. Classes are balanced when asked.</summary>
    public static LogisticRegression Fit(IReadOnlyList<(int Index, double Value)[]> rows, IReadOnlyList<bool> labels,
        int dimension, double c, bool balanced = false, int iterations = 200, double learningRate = 0.5)
    {
        var n = rows.Count;
        var positives = Math.Max(1, labels.Count(l => l));
        var negatives = Math.Max(1, n - labels.Count(l => l));
        double PositiveWeight() => balanced ? n / (2.0 * positives) : 1.0;
        double NegativeWeight() => balanced ? n / (2.0 * negatives) : 1.0;
        var model = new LogisticRegression { Weights = new double[dimension] };
        var gradient = new double[dimension];
        // Step scaled by the total sample weight so C·n-sized gradients stay stable.
        var step = learningRate / (1 + c * n);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Copy(model.Weights, gradient, dimension);
            var biasGradient = 0.0;
            for (var i = 0; i < n; i++)
            {
                var error = Sigmoid(model.Decision(rows[i])) - (labels[i] ? 1 : 0);
                error *= c * (labels[i] ? PositiveWeight() : NegativeWeight());
                foreach (var (index, value) in rows[i])
                {
                    gradient[index] += error * value;
                }
                biasGradient += error;
            }
            for (var j = 0; j < dimension; j++)
            {
                model.Weights[j] -= step * gradient[j];
            }
            model.Bias -= step * biasGradient;
        }
        return model;
    }

    /// <summary>Fits on dense rows, standardized, with light regularization (C large).</summary>
    public static LogisticRegression FitDense(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double c = 100, int iterations = 300)
    {
        var d = rows[0].Length;
        var means = Enumerable.Range(0, d).Select(j => rows.Average(r => r[j])).ToArray();
        var scales = Enumerable.Range(0, d)
            .Select(j => Math.Sqrt(rows.Average(r => (r[j] - means[j]) * (r[j] - means[j]))))
            .Select(s => s > 1e-9 ? s : 1).ToArray();
        var sparse = rows.Select(r => r.Select((v, j) => (j, (v - means[j]) / scales[j])).ToArray()).ToList();
        var model = Fit(sparse, labels, d, c, false, iterations, learningRate: 1.0 / Math.Max(1, d / 4.0));
        model.means = means;
        model.scales = scales;
        return model;
    }

    public double Decision((int Index, double Value)[] row)
    {
        var sum = Bias;
        foreach (var (index, value) in row)
        {
            sum += Weights[index] * value;
        }
        return sum;
    }

    public double Decision(double[] row)
    {
        var sum = Bias;
        for (var i = 0; i < row.Length; i++)
        {
            sum += Weights[i] * (means.Length == 0 ? row[i] : (row[i] - means[i]) / scales[i]);
        }
        return sum;
    }

    public double Probability(double[] row) => Sigmoid(Decision(row));

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
