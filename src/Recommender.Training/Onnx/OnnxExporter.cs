// Writes a trained MultiTaskModel as an ONNX model (IR 10, opset 21) that takes raw features,
// normalizes them in the graph and returns per-task scores plus the combined ranking score.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Google.Protobuf;
using Recommender.Ranking.Scoring;
using Recommender.Training.Model;
using Recommender.Training.Onnx.Proto;
using Architecture = Recommender.Training.Model.Architecture;

namespace Recommender.Training.Onnx;

public static class OnnxExporter
{
    public const long IrVersion = 10;
    public const long Opset = 21;

    public static void Write(MultiTaskModel model, string path, ModelMetadata metadata)
    {
        using var stream = File.Create(path);
        Write(model, stream, metadata);
    }

    public static void Write(MultiTaskModel model, Stream stream, ModelMetadata metadata) => Build(model, metadata).WriteTo(stream);

    /// <summary>"mmoe-" / "shared-bottom-" + the first 8 hex digits of the SHA-256 of the float weights.</summary>
    public static string ModelVersion(MultiTaskModel model)
    {
        var weights = model.Parameters.Select(v => (float)v).Concat(model.Mean).Concat(model.Std).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(weights.AsSpan())));
        return $"{ArchName(model.Architecture)}-{hash[..8]}";
    }

    public static string ArchName(Architecture a) => a == Architecture.Mmoe ? "mmoe" : "shared-bottom";

    internal static ModelProto Build(MultiTaskModel model, ModelMetadata metadata)
    {
        var graph = new GraphProto { Name = "multitask_ranker" };
        var g = new GraphBuilder(graph);
        var n = model.Network;
        int f = n.Features, e = n.Experts, h = n.ExpertUnits, u = n.TowerUnits, tasks = n.Tasks;
        var p = model.Parameters;

        graph.Input.Add(GraphBuilder.FloatTensor(ModelMetadataKeys.InputName, "batch", f));
        var z = g.Node("Div", [g.Node("Sub", [ModelMetadataKeys.InputName, g.Floats("norm_mean", model.Mean, f)]), g.Floats("norm_std", model.Std, f)]);

        // All experts in one MatMul: column e*H + j holds expert e's unit j.
        var expertW = new float[f * e * h];
        for (var ei = 0; ei < e; ei++)
            for (var j = 0; j < h; j++)
                for (var i = 0; i < f; i++)
                    expertW[i * e * h + ei * h + j] = (float)p[n.ExpertW.Start + (ei * h + j) * f + i];
        var expertB = Slice(p, n.ExpertB.Start, e * h);
        var experts = g.Node("Relu", [g.Node("Add", [g.Node("MatMul", [z, g.Floats("expert_w", expertW, f, e * h)]), g.Floats("expert_b", expertB, e * h)])]);

        var towerInputs = new string[tasks];
        if (n.Gated)
        {
            var gateW = new float[f * tasks * e];
            for (var t = 0; t < tasks; t++)
                for (var ei = 0; ei < e; ei++)
                    for (var i = 0; i < f; i++)
                        gateW[i * tasks * e + t * e + ei] = (float)p[n.GateW.Start + (t * e + ei) * f + i];
            var stacked = g.Node("Reshape", [experts, g.Int64s("experts_shape", [-1, e, h], 3)]);
            var logits = g.Node("Reshape", [g.Node("MatMul", [z, g.Floats("gate_w", gateW, f, tasks * e)]), g.Int64s("gates_shape", [-1, tasks, e], 3)]);
            var gates = g.Node("Softmax", [logits], GraphBuilder.Int("axis", -1));
            var mixed = g.Node("MatMul", [gates, stacked]); // [N,T,E]·[N,E,H] → [N,T,H]
            for (var t = 0; t < tasks; t++)
            {
                towerInputs[t] = g.Node("Gather", [mixed, g.Int64s($"task_{t}_index", [t])], GraphBuilder.Int("axis", 1));
            }
        }
        else
        {
            Array.Fill(towerInputs, experts);
        }

        var outputs = new string[tasks];
        for (var t = 0; t < tasks; t++)
        {
            var w1 = new float[h * u];
            for (var k = 0; k < u; k++)
                for (var j = 0; j < h; j++)
                    w1[j * u + k] = (float)p[n.TowerW1.Start + (t * u + k) * h + j];
            var hidden = g.Node("Relu", [g.Node("Add", [g.Node("MatMul", [towerInputs[t], g.Floats($"tower_{t}_w1", w1, h, u)]), g.Floats($"tower_{t}_b1", Slice(p, n.TowerB1.Start + t * u, u), u)])]);
            var raw = g.Node("Add", [g.Node("MatMul", [hidden, g.Floats($"tower_{t}_w2", Slice(p, n.TowerW2.Start + t * u, u), u, 1)]), g.Floats($"tower_{t}_b2", Slice(p, n.TowerB2.Start + t, 1), 1)]);
            outputs[t] = model.Tasks[t].Kind == TaskKind.Binary ? g.Node("Sigmoid", [raw]) : raw;
        }
        g.NodeTo("Concat", outputs, ModelMetadataKeys.ScoresName, GraphBuilder.Int("axis", 1));
        var weights = model.Tasks.Select(t => t.CombineWeight).ToArray();
        var weighted = g.Node("MatMul", [ModelMetadataKeys.ScoresName, g.Floats("combine_w", weights, tasks, 1)]);
        g.NodeTo("Reshape", [weighted, g.Int64s("combined_shape", [-1], 1)], ModelMetadataKeys.CombinedName);
        graph.Output.Add(GraphBuilder.FloatTensor(ModelMetadataKeys.ScoresName, "batch", tasks));
        graph.Output.Add(GraphBuilder.FloatTensor(ModelMetadataKeys.CombinedName, "batch"));

        var version = ModelVersion(model);
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "recommender",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "recommender.ranking",
            ModelVersion = 1,
            DocString = $"Multi-task ranker {version}",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in Metadata(model, metadata, version))
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        return proto;
    }

    private static IEnumerable<(string, string)> Metadata(MultiTaskModel model, ModelMetadata metadata, string version)
    {
        var n = model.Network;
        var r = model.Report;
        yield return (ModelMetadataKeys.FeatureNames, string.Join(',', model.FeatureNames));
        yield return (ModelMetadataKeys.FeatureSchemaVersion, metadata.FeatureSchemaVersion);
        yield return (ModelMetadataKeys.TaskNames, string.Join(',', model.Tasks.Select(t => t.Name)));
        yield return (ModelMetadataKeys.TaskKinds, string.Join(',', model.Tasks.Select(t => t.Kind == TaskKind.Binary ? "binary" : "real")));
        yield return (ModelMetadataKeys.CombinationWeights, Join(model.Tasks.Select(t => t.CombineWeight)));
        yield return (ModelMetadataKeys.LossWeights, Join(model.Tasks.Select(t => t.LossWeight)));
        yield return (ModelMetadataKeys.NormalizationMean, Join(model.Mean));
        yield return (ModelMetadataKeys.NormalizationStd, Join(model.Std));
        yield return (ModelMetadataKeys.Architecture, $"{ArchName(n.Architecture)};experts={n.Experts};expert_units={n.ExpertUnits};tower_units={n.TowerUnits}");
        yield return (ModelMetadataKeys.DataSha256, metadata.DataSha256 ?? r.DataSha256);
        yield return (ModelMetadataKeys.Seed, r.Seed.ToString(CultureInfo.InvariantCulture));
        var metrics = new Dictionary<string, string>
        {
            ["best_validation_loss"] = r.BestValidationLoss.ToString("R", CultureInfo.InvariantCulture),
            ["best_epoch"] = r.BestEpoch.ToString(CultureInfo.InvariantCulture),
            ["epochs_run"] = r.EpochsRun.ToString(CultureInfo.InvariantCulture),
            ["train_rows"] = r.TrainRows.ToString(CultureInfo.InvariantCulture),
            ["validation_rows"] = r.ValidationRows.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in metadata.Metrics ?? new Dictionary<string, string>())
        {
            metrics[k] = v;
        }
        yield return (ModelMetadataKeys.Metrics, string.Join(';', metrics.Select(kv => $"{kv.Key}={kv.Value}")));
        yield return (ModelMetadataKeys.ModelVersion, version);
    }

    private static string Join(IEnumerable<float> values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static float[] Slice(double[] p, int start, int length) => p.AsSpan(start, length).ToArray().Select(v => (float)v).ToArray();
}
