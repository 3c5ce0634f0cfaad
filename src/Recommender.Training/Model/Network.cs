// Shapes and flat parameter layout of a multi-task network (shared-bottom = MMoE with one expert and no gates),
// and its per-sample forward and backward passes.
namespace Recommender.Training.Model;

public sealed class Network
{
    public Network(Architecture architecture, int features, int experts, int expertUnits, int towerUnits, int tasks)
    {
        Architecture = architecture;
        Features = features;
        Experts = architecture == Architecture.SharedBottom ? 1 : experts;
        ExpertUnits = expertUnits;
        TowerUnits = towerUnits;
        Tasks = tasks;
        if (features < 1 || Experts < 1 || expertUnits < 1 || towerUnits < 1 || tasks < 1)
        {
            throw new ArgumentException("Every network dimension must be at least 1.");
        }
        var offset = 0;
        ExpertW = Take(ref offset, Experts * ExpertUnits * Features);
        ExpertB = Take(ref offset, Experts * ExpertUnits);
        GateW = Take(ref offset, Gated ? Tasks * Experts * Features : 0);
        TowerW1 = Take(ref offset, Tasks * TowerUnits * ExpertUnits);
        TowerB1 = Take(ref offset, Tasks * TowerUnits);
        TowerW2 = Take(ref offset, Tasks * TowerUnits);
        TowerB2 = Take(ref offset, Tasks);
        ParameterCount = offset;
    }

    public Architecture Architecture { get; }
    public int Features { get; }
    public int Experts { get; }
    public int ExpertUnits { get; }
    public int TowerUnits { get; }
    public int Tasks { get; }
    public bool Gated => Architecture == Architecture.Mmoe;
    public int ParameterCount { get; }

    // Blocks of the flat parameter vector (start, length).
    public (int Start, int Length) ExpertW { get; }   // [E][H][F]
    public (int Start, int Length) ExpertB { get; }   // [E][H]
    public (int Start, int Length) GateW { get; }     // [T][E][F]
    public (int Start, int Length) TowerW1 { get; }   // [T][U][H]
    public (int Start, int Length) TowerB1 { get; }   // [T][U]
    public (int Start, int Length) TowerW2 { get; }   // [T][U]
    public (int Start, int Length) TowerB2 { get; }   // [T]

    private static (int, int) Take(ref int offset, int length)
    {
        var start = offset;
        offset += length;
        return (start, length);
    }

    /// <summary>He-initialised parameters; gates start near uniform.</summary>
    public double[] Initialize(Random random)
    {
        var p = new double[ParameterCount];
        Fill(p, ExpertW, Math.Sqrt(2.0 / Features), random);
        Fill(p, GateW, 0.1 / Math.Sqrt(Features), random);
        Fill(p, TowerW1, Math.Sqrt(2.0 / ExpertUnits), random);
        Fill(p, TowerW2, Math.Sqrt(1.0 / TowerUnits), random);
        return p;
    }

    private static void Fill(double[] p, (int Start, int Length) block, double scale, Random random)
    {
        for (var i = block.Start; i < block.Start + block.Length; i++)
        {
            // Box–Muller: deterministic given the seeded Random.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            p[i] = scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }

    public Workspace CreateWorkspace() => new(this);

    /// <summary>Forward pass of one normalized sample; raw outputs (logits for binary tasks) land in ws.Outputs.</summary>
    public void Forward(ReadOnlySpan<double> p, ReadOnlySpan<double> x, Workspace ws)
    {
        x.CopyTo(ws.Input);
        int h = ExpertUnits, u = TowerUnits, f = Features;
        for (var e = 0; e < Experts; e++)
        {
            var y = ws.ExpertOut.AsSpan(e * h, h);
            Layers.DenseForward(Block(p, ExpertW).Slice(e * h * f, h * f), Block(p, ExpertB).Slice(e * h, h), x, y);
            Layers.ReluForward(y);
        }
        Span<double> o = stackalloc double[1];
        for (var t = 0; t < Tasks; t++)
        {
            var gate = ws.Gates.AsSpan(t * Experts, Experts);
            if (Gated)
            {
                Layers.DenseForward(Block(p, GateW).Slice(t * Experts * f, Experts * f), default, x, ws.Scratch.AsSpan(0, Experts));
                Layers.SoftmaxForward(ws.Scratch.AsSpan(0, Experts), gate);
            }
            else
            {
                gate[0] = 1.0;
            }
            var mix = ws.Mixed.AsSpan(t * h, h);
            mix.Clear();
            for (var e = 0; e < Experts; e++)
            {
                var y = ws.ExpertOut.AsSpan(e * h, h);
                for (var j = 0; j < h; j++)
                {
                    mix[j] += gate[e] * y[j];
                }
            }
            var hidden = ws.Tower.AsSpan(t * u, u);
            Layers.DenseForward(Block(p, TowerW1).Slice(t * u * h, u * h), Block(p, TowerB1).Slice(t * u, u), mix, hidden);
            Layers.ReluForward(hidden);
            Layers.DenseForward(Block(p, TowerW2).Slice(t * u, u), Block(p, TowerB2).Slice(t, 1), hidden, o);
            ws.Outputs[t] = o[0];
        }
    }

    /// <summary>Accumulates parameter gradients into <paramref name="grad"/> from dLoss/dOutput in ws.OutputGrad; input gradient lands in ws.InputGrad.</summary>
    public void Backward(ReadOnlySpan<double> p, Workspace ws, Span<double> grad)
    {
        int h = ExpertUnits, u = TowerUnits, f = Features;
        var x = ws.Input.AsSpan();
        Array.Clear(ws.ExpertGrad);
        Array.Clear(ws.InputGrad);
        for (var t = 0; t < Tasks; t++)
        {
            var hidden = ws.Tower.AsSpan(t * u, u);
            var dHidden = ws.Scratch.AsSpan(0, u);
            dHidden.Clear();
            ReadOnlySpan<double> dOut = [ws.OutputGrad[t]];
            Layers.DenseBackward(Block(p, TowerW2).Slice(t * u, u), hidden, dOut, Block(grad, TowerW2).Slice(t * u, u), Block(grad, TowerB2).Slice(t, 1), dHidden);
            Layers.ReluBackward(hidden, dHidden);
            var mix = ws.Mixed.AsSpan(t * h, h);
            var dMix = ws.Scratch.AsSpan(u, h);
            dMix.Clear();
            Layers.DenseBackward(Block(p, TowerW1).Slice(t * u * h, u * h), mix, dHidden, Block(grad, TowerW1).Slice(t * u * h, u * h), Block(grad, TowerB1).Slice(t * u, u), dMix);
            var gate = ws.Gates.AsSpan(t * Experts, Experts);
            var dGate = ws.Scratch.AsSpan(u + h, Experts);
            for (var e = 0; e < Experts; e++)
            {
                var y = ws.ExpertOut.AsSpan(e * h, h);
                var dy = ws.ExpertGrad.AsSpan(e * h, h);
                var s = 0.0;
                for (var j = 0; j < h; j++)
                {
                    dy[j] += gate[e] * dMix[j];
                    s += y[j] * dMix[j];
                }
                dGate[e] = s;
            }
            if (Gated)
            {
                var dLogits = ws.Scratch.AsSpan(u + h + Experts, Experts);
                Layers.SoftmaxBackward(gate, dGate, dLogits);
                Layers.DenseBackward(Block(p, GateW).Slice(t * Experts * f, Experts * f), x, dLogits, Block(grad, GateW).Slice(t * Experts * f, Experts * f), default, ws.InputGrad);
            }
        }
        for (var e = 0; e < Experts; e++)
        {
            var y = ws.ExpertOut.AsSpan(e * h, h);
            var dy = ws.ExpertGrad.AsSpan(e * h, h);
            Layers.ReluBackward(y, dy);
            Layers.DenseBackward(Block(p, ExpertW).Slice(e * h * f, h * f), x, dy, Block(grad, ExpertW).Slice(e * h * f, h * f), Block(grad, ExpertB).Slice(e * h, h), ws.InputGrad);
        }
    }

    private static ReadOnlySpan<double> Block(ReadOnlySpan<double> p, (int Start, int Length) b) => p.Slice(b.Start, b.Length);
    private static Span<double> Block(Span<double> p, (int Start, int Length) b) => p.Slice(b.Start, b.Length);

    /// <summary>Per-sample activations kept for the backward pass; one per thread.</summary>
    public sealed class Workspace
    {
        internal Workspace(Network n)
        {
            Input = new double[n.Features];
            InputGrad = new double[n.Features];
            ExpertOut = new double[n.Experts * n.ExpertUnits];
            ExpertGrad = new double[n.Experts * n.ExpertUnits];
            Gates = new double[n.Tasks * n.Experts];
            Mixed = new double[n.Tasks * n.ExpertUnits];
            Tower = new double[n.Tasks * n.TowerUnits];
            Outputs = new double[n.Tasks];
            OutputGrad = new double[n.Tasks];
            Scratch = new double[n.TowerUnits + n.ExpertUnits + 2 * n.Experts];
        }

        public double[] Input { get; }
        public double[] InputGrad { get; }
        public double[] Outputs { get; }
        public double[] OutputGrad { get; }
        internal double[] ExpertOut { get; }
        internal double[] ExpertGrad { get; }
        internal double[] Gates { get; }
        internal double[] Mixed { get; }
        internal double[] Tower { get; }
        internal double[] Scratch { get; }
    }
}
