namespace Recommender.Ranking.Embedding;

/// <summary>Turns a paper's text into a dense, L2-normalized vector.</summary>
public interface IPaperEncoder
{
    /// <summary>Identifies the encoder and its settings; vectors of different names do not mix.</summary>
    string Name { get; }

    int Dimension { get; }

    float[] Encode(string title, string @abstract);

    /// <summary>Encodes several papers; encoders with a per-call cost (a model run) batch them.</summary>
    float[][] EncodeBatch(IReadOnlyList<(string Title, string Abstract)> papers) =>
        papers.Select(p => Encode(p.Title, p.Abstract)).ToArray();
}
