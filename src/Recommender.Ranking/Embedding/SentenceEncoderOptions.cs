// Settings of the sentence encoder; the ones that change the vectors are part of its name.
namespace Recommender.Ranking.Embedding;

public sealed record SentenceEncoderOptions
{
    /// <summary>Word pieces kept per paper, [CLS] and [SEP] included (the model accepts 512). Changes the vectors.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>ONNX Runtime intra-op threads per call.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Papers per model call in <see cref="IPaperEncoder.EncodeBatch"/>. 1 by measurement: a batch is padded to
    /// its longest paper and attention grows with length, so larger batches were no faster (docs/benchmarks.md).</summary>
    public int BatchSize { get; init; } = 1;

    public void Validate()
    {
        if (MaxTokens is < 8 or > 512)
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be from 8 to 512.");
        if (IntraOpThreads is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be from 1 to 64.");
        if (BatchSize is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be from 1 to 1024.");
    }
}
