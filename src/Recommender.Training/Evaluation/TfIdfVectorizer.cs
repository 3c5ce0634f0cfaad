// TF-IDF over word 1–2-grams with sublinear tf and L2-normalized rows, as in arxiv-sanity-lite.
using Recommender.Ranking.Text;

namespace Recommender.Training.Evaluation;

public sealed class TfIdfVectorizer
{
    private readonly Dictionary<string, int> vocabulary = new(StringComparer.Ordinal);
    private double[] idf = [];

    public int Dimension => vocabulary.Count;

    /// <summary>Learns the vocabulary: terms in at least <paramref name="minDf"/> documents and at most
    /// <paramref name="maxDf"/> of them. arxiv-sanity-lite uses max_df 0.1 on arXiv; the synthetic
    /// corpus has 8 themes of 18 words, so its theme words sit near df 0.12 and need a looser cap.</summary>
    public static TfIdfVectorizer Fit(IEnumerable<string> documents, int minDf = 5, double maxDf = 0.5)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        foreach (var document in documents)
        {
            count++;
            foreach (var term in Terms(document).Distinct())
            {
                df[term] = df.GetValueOrDefault(term) + 1;
            }
        }
        var vectorizer = new TfIdfVectorizer();
        var idf = new List<double>();
        foreach (var (term, n) in df.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (n >= minDf && n <= maxDf * count)
            {
                vectorizer.vocabulary[term] = idf.Count;
                idf.Add(Math.Log((1.0 + count) / (1.0 + n)) + 1);
            }
        }
        vectorizer.idf = idf.ToArray();
        return vectorizer;
    }

    public (int Index, double Value)[] Transform(string document)
    {
        var counts = new Dictionary<int, int>();
        foreach (var term in Terms(document))
        {
            if (vocabulary.TryGetValue(term, out var index))
            {
                counts[index] = counts.GetValueOrDefault(index) + 1;
            }
        }
        var row = counts.Select(p => (p.Key, (1 + Math.Log(p.Value)) * idf[p.Key])).OrderBy(p => p.Key).ToArray();
        var norm = Math.Sqrt(row.Sum(p => p.Item2 * p.Item2));
        return norm == 0 ? row : row.Select(p => (p.Key, p.Item2 / norm)).ToArray();
    }

    private static IEnumerable<string> Terms(string document)
    {
        var tokens = Tokenizer.Tokenize(document);
        for (var i = 0; i < tokens.Count; i++)
        {
            yield return tokens[i];
            if (i + 1 < tokens.Count)
            {
                yield return tokens[i] + " " + tokens[i + 1];
            }
        }
    }
}
