// The methods the theme check compares: TF-IDF centroid (the baseline published work finds hard
// to beat), the hashed encoder, the sentence encoder, and TF-IDF beside the sentence vectors.
using Recommender.Ranking.Embedding;

namespace Recommender.Training.Evaluation.Themes;

public static class ThemeMethods
{
    public const string TfIdfName = "TF-IDF centroid (1–2-grams, sublinear tf)";

    /// <summary>TF-IDF fitted on the fixture itself, densified (the fixture's vocabulary is small).
    /// min_df 2: the fixture has a few hundred papers, not arxiv-sanity-lite's tens of thousands.</summary>
    public static ThemeMethod TfIdf() => new(TfIdfName, papers => TfIdfVectors(papers));

    public static ThemeMethod Encoder(IPaperEncoder encoder, string label) =>
        new($"{label} centroid ({encoder.Name}, {encoder.Dimension} d)", papers => encoder.EncodeBatch(papers.Select(p => (p.Title, p.Abstract)).ToArray()));

    /// <summary>The encoder's vectors scored as the service scores a user seeded with the papers: best cosine over the interests it keeps.</summary>
    public static ThemeMethod ServiceInterests(IPaperEncoder encoder, string label) =>
        Encoder(encoder, label) with { Name = $"{label}, the service's interests ({encoder.Name}: best cosine over them)", ServiceInterests = true };

    /// <summary>Unit TF-IDF and unit sentence vectors side by side, each scaled by √½: the cosine
    /// of two such vectors is the mean of the two cosines.</summary>
    public static ThemeMethod TfIdfWithSentence(IPaperEncoder encoder) =>
        new($"TF-IDF + {encoder.Name} (mean of the two cosines)", papers =>
        {
            var sparse = TfIdfVectors(papers);
            var dense = encoder.EncodeBatch(papers.Select(p => (p.Title, p.Abstract)).ToArray());
            var scale = MathF.Sqrt(0.5f);
            return sparse.Zip(dense, (a, b) => a.Concat(b).Select(v => v * scale).ToArray()).ToArray();
        });

    private static float[][] TfIdfVectors(IReadOnlyList<ThemePaper> papers)
    {
        var texts = papers.Select(p => p.Title + " " + p.Abstract).ToArray();
        var vectorizer = TfIdfVectorizer.Fit(texts, minDf: 2);
        return texts.Select(t =>
        {
            var row = new float[vectorizer.Dimension];
            foreach (var (index, value) in vectorizer.Transform(t))
                row[index] = (float)value;
            return row;
        }).ToArray();
    }
}
