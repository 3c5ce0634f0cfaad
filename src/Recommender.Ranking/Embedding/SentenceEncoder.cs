// The sentence-embedding encoder: snowflake-arctic-embed-xs (384 dimensions) run by the
// project's ONNX Runtime over WordPiece ids from Microsoft.ML.Tokenizers; CLS pooling as the
// model card prescribes, then L2 normalization.
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Recommender.Ranking.Embedding;

public sealed class SentenceEncoder : IPaperEncoder, IDisposable
{
    private const string IdsInput = "input_ids";
    private const string MaskInput = "attention_mask";
    private const string TypesInput = "token_type_ids";

    private readonly SentenceEncoderOptions options;
    private readonly BertTokenizer tokenizer;
    private readonly InferenceSession session;
    private readonly string[] inputNames;
    private readonly string outputName;

    public SentenceEncoder(SentenceEncoderOptions? options = null)
    {
        this.options = options ?? new SentenceEncoderOptions();
        this.options.Validate();
        using (var vocabulary = ArcticXsFiles.OpenVocabulary())
        {
            tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        }
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = this.options.IntraOpThreads, InterOpNumThreads = 1 };
        session = new InferenceSession(ArcticXsFiles.ReadModel(), sessionOptions);
        inputNames = session.InputMetadata.Keys.ToArray();
        if (!inputNames.Contains(IdsInput) || !inputNames.Contains(MaskInput) || inputNames.Except([IdsInput, MaskInput, TypesInput]).Any())
            throw new InvalidOperationException($"Unexpected inputs of the sentence model: {string.Join(", ", inputNames)}.");
        outputName = session.OutputMetadata.Keys.First();
        Dimension = session.OutputMetadata[outputName].Dimensions[^1];
    }

    public string Name => $"arctic-xs-v1-t{options.MaxTokens}";

    public int Dimension { get; }

    public SentenceEncoderOptions Options => options;

    public float[] Encode(string title, string @abstract) => EncodeBatch([(title, @abstract)])[0];

    public float[][] EncodeBatch(IReadOnlyList<(string Title, string Abstract)> papers)
    {
        var vectors = new float[papers.Count][];
        for (var start = 0; start < papers.Count; start += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, papers.Count - start);
            var ids = new List<int>[count];
            for (var i = 0; i < count; i++)
                ids[i] = Tokenize(papers[start + i].Title, papers[start + i].Abstract);
            Run(ids, vectors.AsSpan(start, count));
        }
        return vectors;
    }

    /// <summary>[CLS] title. abstract [SEP], cut to MaxTokens word pieces.</summary>
    public List<int> Tokenize(string title, string @abstract)
    {
        var text = string.IsNullOrWhiteSpace(@abstract) ? title : $"{title.TrimEnd().TrimEnd('.')}. {@abstract}";
        var pieces = tokenizer.EncodeToIds(text, options.MaxTokens - 2, addSpecialTokens: false, out _, out _);
        var ids = new List<int>(pieces.Count + 2) { tokenizer.ClassificationTokenId };
        ids.AddRange(pieces);
        ids.Add(tokenizer.SeparatorTokenId);
        return ids;
    }

    private void Run(List<int>[] batch, Span<float[]> vectors)
    {
        // Pad to the longest paper of this batch only: attention cost grows with the padded length.
        var length = batch.Max(ids => ids.Count);
        var n = batch.Length;
        var ids = new long[n * length];
        var mask = new long[n * length];
        var types = new long[n * length];
        for (var row = 0; row < n; row++)
        {
            for (var t = 0; t < batch[row].Count; t++)
            {
                ids[row * length + t] = batch[row][t];
                mask[row * length + t] = 1;
            }
            for (var t = batch[row].Count; t < length; t++)
                ids[row * length + t] = tokenizer.PaddingTokenId;
        }
        long[] shape = [n, length];
        var values = new List<OrtValue>();
        try
        {
            foreach (var name in inputNames)
            {
                var data = name switch { IdsInput => ids, MaskInput => mask, _ => types };
                values.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
            }
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, values, [outputName]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            var rank = outputs[0].GetTensorTypeAndShape().Shape.Length;
            // A [batch, tokens, dim] output is pooled at [CLS] (token 0); a [batch, dim] output is already pooled.
            var stride = rank == 3 ? length * Dimension : Dimension;
            for (var row = 0; row < n; row++)
            {
                var vector = hidden.Slice(row * stride, Dimension).ToArray();
                VectorMath.NormalizeInPlace(vector);
                vectors[row] = vector;
            }
        }
        finally
        {
            foreach (var value in values)
                value.Dispose();
        }
    }

    public void Dispose() => session.Dispose();
}
