// Splits paper text into lower-case word tokens, dropping stop words and LaTeX noise.
namespace Recommender.Ranking.Text;

public static class Tokenizer
{
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var span = text.AsSpan();
        var start = -1;
        for (var i = 0; i <= span.Length; i++)
        {
            var isWordChar = i < span.Length && (char.IsLetterOrDigit(span[i]) || span[i] == '-' && start >= 0);
            if (isWordChar)
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start >= 0)
            {
                AddToken(tokens, span[start..i]);
                start = -1;
            }
        }
        return tokens;
    }

    private static void AddToken(List<string> tokens, ReadOnlySpan<char> raw)
    {
        var trimmed = raw.Trim('-');
        if (trimmed.Length < 2 || trimmed.Length > 40)
        {
            return;
        }
        var token = trimmed.ToString().ToLowerInvariant();
        if (StopWords.Contains(token) || IsNumber(token))
        {
            return;
        }
        tokens.Add(token);
    }

    private static bool IsNumber(string token)
    {
        foreach (var ch in token)
        {
            if (!char.IsDigit(ch) && ch != '-')
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsStopWord(string token) => StopWords.Contains(token);

    // English function words plus words that appear in nearly every abstract; dropping
    // them stands in for inverse document frequency, which would make a paper's vector
    // depend on the order papers arrived in.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "eg", "etc", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "however", "ie", "if", "in", "into", "is", "it", "its", "itself", "just", "may",
        "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of", "off",
        "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "thus", "to", "too", "two", "under", "until", "up",
        "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "we", "were", "what",
        "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with", "within",
        "without", "would", "yet", "you", "your",
        // Words of the genre rather than of a subject.
        "abstract", "approach", "approaches", "based", "demonstrate", "demonstrates", "existing",
        "experiment", "experiments", "experimental", "extensive", "furthermore", "introduce",
        "introduces", "method", "methods", "moreover", "new", "novel", "outperform", "outperforms",
        "paper", "performance", "present", "presents", "problem", "propose", "proposed", "proposes",
        "result", "results", "show", "shows", "significantly", "state-of-the-art", "study", "task",
        "tasks", "well", "work", "url", "https", "http", "github", "com", "code", "available",
    };
}
