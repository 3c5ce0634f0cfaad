// The building blocks of the network with hand-written gradients, one sample at a time.
// Backward functions accumulate (+=) into parameter gradients and input gradients.
namespace Recommender.Training.Model;

public static class Layers
{
    /// <summary>y = W·x + b, W is out × in row-major.</summary>
    public static void DenseForward(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
    {
        var inDim = x.Length;
        for (var o = 0; o < y.Length; o++)
        {
            var row = w.Slice(o * inDim, inDim);
            var s = b.IsEmpty ? 0.0 : b[o];
            for (var i = 0; i < inDim; i++)
            {
                s += row[i] * x[i];
            }
            y[o] = s;
        }
    }

    /// <summary>Accumulates dW, db (if not empty) and dx (if not empty) from dy.</summary>
    public static void DenseBackward(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dw, Span<double> db, Span<double> dx)
    {
        var inDim = x.Length;
        for (var o = 0; o < dy.Length; o++)
        {
            var g = dy[o];
            if (g == 0.0)
            {
                continue;
            }
            if (!db.IsEmpty)
            {
                db[o] += g;
            }
            var row = w.Slice(o * inDim, inDim);
            var drow = dw.Slice(o * inDim, inDim);
            for (var i = 0; i < inDim; i++)
            {
                drow[i] += g * x[i];
                if (!dx.IsEmpty)
                {
                    dx[i] += g * row[i];
                }
            }
        }
    }

    public static void ReluForward(Span<double> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Max(0.0, x[i]);
        }
    }

    /// <summary>Masks dy in place where the forward output was zero.</summary>
    public static void ReluBackward(ReadOnlySpan<double> y, Span<double> dy)
    {
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] <= 0.0)
            {
                dy[i] = 0.0;
            }
        }
    }

    public static void SoftmaxForward(ReadOnlySpan<double> logits, Span<double> p)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            p[i] = Math.Exp(logits[i] - max);
            sum += p[i];
        }
        for (var i = 0; i < p.Length; i++)
        {
            p[i] /= sum;
        }
    }

    /// <summary>dlogits_i = p_i (dp_i − Σ_j p_j dp_j); overwrites <paramref name="dlogits"/>.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<double> p, ReadOnlySpan<double> dp, Span<double> dlogits)
    {
        var dot = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            dot += p[i] * dp[i];
        }
        for (var i = 0; i < p.Length; i++)
        {
            dlogits[i] = p[i] * (dp[i] - dot);
        }
    }

    public static double Sigmoid(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    /// <summary>Logistic loss of a logit against a 0/1 label, computed stably; returns dLoss/dlogit.</summary>
    public static double SigmoidBce(double logit, double label, out double grad)
    {
        grad = Sigmoid(logit) - label;
        // softplus(z) − y·z, written so large |z| neither overflows nor loses precision.
        var softplus = Math.Max(logit, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(logit)));
        return softplus - label * logit;
    }

    /// <summary>Squared error (o − y)²; returns dLoss/do.</summary>
    public static double SquaredError(double output, double label, out double grad)
    {
        var d = output - label;
        grad = 2.0 * d;
        return d * d;
    }
}
