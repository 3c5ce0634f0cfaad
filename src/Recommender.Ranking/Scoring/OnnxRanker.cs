// Serves a multi-task ONNX ranking model: one InferenceSession shared by all callers, inputs
// and outputs bound zero-copy through OrtValues. Disposal waits for in-flight Score calls.
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Recommender.Ranking.Scoring;

public sealed class OnnxRanker : IRanker, IDisposable
{
    private static readonly string[] InputNames = [ModelMetadataKeys.InputName];
    private static readonly string[] OutputNames = [ModelMetadataKeys.ScoresName, ModelMetadataKeys.CombinedName];
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _features;
    private readonly int _tasks;
    private int _active;
    private int _retired;
    private int _disposed;

    private OnnxRanker(InferenceSession session, RankerDescriptor descriptor)
    {
        _session = session;
        Descriptor = descriptor;
        _features = descriptor.FeatureNames.Count;
        _tasks = descriptor.TaskNames.Count;
    }

    public RankerDescriptor Descriptor { get; }

    /// <summary>Metadata the model carries (provenance, weights, normalization).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _session.ModelMetadata.CustomMetadataMap;

    public static OnnxRanker Load(string path, IReadOnlyList<string>? expectedFeatures, SessionOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidModelException($"Cannot read model file '{path}': {e.Message}", e);
        }
        return Load(bytes, expectedFeatures, options, path);
    }

    /// <summary>Loads and validates a model against the feature names the caller will supply (null: trust the model's own names, for offline tools).</summary>
    public static OnnxRanker Load(byte[] model, IReadOnlyList<string>? expectedFeatures, SessionOptions? options = null, string source = "model")
    {
        InferenceSession session;
        try
        {
            if (options is null)
            {
                // One intra-op thread: callers get parallelism by scoring concurrently, which scales better on few cores.
                using var defaults = new SessionOptions { IntraOpNumThreads = 1 };
                session = new InferenceSession(model, defaults);
            }
            else
            {
                session = new InferenceSession(model, options);
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidModelException($"'{source}' is not a loadable ONNX model: {e.Message}", e);
        }
        try
        {
            return new OnnxRanker(session, Validate(session, expectedFeatures, source));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static RankerDescriptor Validate(InferenceSession session, IReadOnlyList<string>? expectedOrNull, string source)
    {
        var meta = session.ModelMetadata.CustomMetadataMap;
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v : throw new InvalidModelException($"'{source}': metadata '{key}' is missing.");
        var names = Meta(ModelMetadataKeys.FeatureNames).Split(',');
        var expected = expectedOrNull ?? names;
        for (var i = 0; i < Math.Max(names.Length, expected.Count); i++)
        {
            var model = i < names.Length ? names[i] : "(none)";
            var wanted = i < expected.Count ? expected[i] : "(none)";
            if (model != wanted)
                throw new InvalidModelException($"'{source}': feature {i} is '{model}' in the model but '{wanted}' in the service schema (model: {string.Join(',', names)}).");
        }
        var tasks = Meta(ModelMetadataKeys.TaskNames).Split(',');
        Expect(session.InputMetadata, ModelMetadataKeys.InputName, [-1, expected.Count], "input", source);
        Expect(session.OutputMetadata, ModelMetadataKeys.ScoresName, [-1, tasks.Length], "output", source);
        Expect(session.OutputMetadata, ModelMetadataKeys.CombinedName, [-1], "output", source);
        var version = meta.TryGetValue(ModelMetadataKeys.ModelVersion, out var v) ? v : "onnx-unversioned";
        return new RankerDescriptor(version, tasks, [.. expected]);
    }

    private static void Expect(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] dims, string kind, string source)
    {
        if (!nodes.TryGetValue(name, out var node))
            throw new InvalidModelException($"'{source}': {kind} '{name}' is missing (has: {string.Join(',', nodes.Keys)}).");
        if (node.ElementDataType != TensorElementType.Float || !node.Dimensions.SequenceEqual(dims))
            throw new InvalidModelException($"'{source}': {kind} '{name}' is {node.ElementDataType}[{string.Join(',', node.Dimensions)}], expected Float[{string.Join(',', dims)}] (-1 = batch).");
    }

    public void Score(ReadOnlyMemory<float> features, int rows, Memory<float> taskScores, Memory<float> combined)
    {
        if (features.Length < rows * _features || taskScores.Length < rows * _tasks || combined.Length < rows)
            throw new ArgumentException($"Buffers too small for {rows} rows ({_features} features, {_tasks} tasks).");
        if (rows == 0)
            return;
        Interlocked.Increment(ref _active);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _retired) != 0, this);
            // ORT only reads the input; the cast avoids copying the caller's rows.
            var input = MemoryMarshal.AsMemory(features[..(rows * _features)]);
            using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, [rows, _features]);
            using var scoresValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, taskScores[..(rows * _tasks)], [rows, _tasks]);
            using var combinedValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, combined[..rows], [rows]);
            _session.Run(_runOptions, InputNames, [inputValue], OutputNames, [scoresValue, combinedValue]);
        }
        finally
        {
            if (Interlocked.Decrement(ref _active) == 0 && Volatile.Read(ref _retired) != 0)
                ReleaseNative();
        }
    }

    /// <summary>Retires the ranker; the native session is freed once no Score call is running.</summary>
    public void Dispose()
    {
        // Full fences on both sides (Exchange here, Increment in Score) make the hand-off race-free.
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _active) == 0)
            ReleaseNative();
    }

    private void ReleaseNative()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _session.Dispose();
        _runOptions.Dispose();
    }
}
