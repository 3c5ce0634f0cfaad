// Names clusters by the terms that set them apart: words and short phrases common in a
// cluster's papers (titles count double) and more common there than in the whole
// collection. Words of research writing ("novel", "various") and words most papers share
// ("learning") never label anything; a phrase is preferred to the words it is made of.
using Recommender.Ranking.Text;

namespace Recommender.Ranking.Clustering;

public sealed record ClusterLabel(int Cluster, string Label, string Slug, IReadOnlyList<string> TopTerms, int Size);

public static class ClusterLabeler
{
    // Pseudo-papers of prior belief that a cluster uses a term at the collection's rate:
    // a word in 2 of a 4-paper cluster's abstracts is weak evidence, in 20 of 40 strong.
    private const double PriorPapers = 5;

    // A label term must occur in at least this share of the cluster's papers (and in two).
    private const double MinCoverage = 0.1;

    // A term in more than this share of all papers is the collection's vocabulary, not a
    // topic's: "learning" or "model" in a catalogue of machine learning papers.
    private const double MaxCollectionShare = 0.5;

    // A paper whose title names a term is about it; an abstract may only mention it.
    private const double TitleWeight = 2;

    // Longest phrase considered: "large language models", "graph neural networks".
    private const int MaxPhraseWords = 3;

    // A phrase whose weight in the cluster is at least this share of a part's replaces it.
    private const double PhraseShare = 0.5;

    /// <summary>
    /// Labels each cluster from the texts of its members: title, a newline, then abstract
    /// (a text without a newline counts as abstract only).
    /// </summary>
    public static IReadOnlyList<ClusterLabel> Label(IReadOnlyList<string> texts, IReadOnlyList<int> assignments, int clusters, int topTerms = 5)
    {
        if (texts.Count != assignments.Count)
        {
            throw new ArgumentException("One assignment per text is required.", nameof(assignments));
        }
        // Per paper, not per occurrence: a term repeated in one abstract should not outweigh
        // a term in many papers. Papers counts them; Weight adds TitleWeight or 1 per paper.
        var perCluster = Enumerable.Range(0, clusters).Select(_ => new Dictionary<string, Evidence>(StringComparer.Ordinal)).ToArray();
        var sizes = new int[clusters];
        for (var i = 0; i < texts.Count; i++)
        {
            sizes[assignments[i]]++;
            foreach (var (term, weight) in PaperTerms(texts[i]))
            {
                var seen = perCluster[assignments[i]].GetValueOrDefault(term);
                perCluster[assignments[i]][term] = new Evidence(seen.Papers + 1, seen.Weight + weight);
            }
        }
        var candidates = Enumerable.Range(0, clusters).Select(c => Candidates(perCluster, c, sizes[c], texts.Count)).ToArray();
        // Spellings are gathered for candidates only: a table for every span would triple memory.
        var spellings = Spellings(texts, candidates.SelectMany(c => c.Keys).ToHashSet(StringComparer.Ordinal));
        var labels = new List<ClusterLabel>(clusters);
        var usedSlugs = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < clusters; c++)
        {
            var terms = TopTerms(candidates[c], spellings, sizes[c], texts.Count, topTerms).Select(t => Spelling(spellings[t])).ToArray();
            var label = terms.Length == 0 ? $"cluster {c + 1}" : string.Join(", ", terms.Take(3));
            labels.Add(new ClusterLabel(c, label, UniqueSlug(terms, c, usedSlugs), terms, sizes[c]));
        }
        return labels;
    }

    private readonly record struct Evidence(int Papers, double Weight);

    private readonly record struct Candidate(double InCluster, double Overall);

    // Terms common enough in cluster c to label it and not so common in the collection that
    // they label nothing, with their weights in the cluster and in the whole collection.
    private static Dictionary<string, Candidate> Candidates(Dictionary<string, Evidence>[] perCluster, int c, int clusterSize, int total)
    {
        var minPapers = MinPapers(clusterSize);
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var (term, evidence) in perCluster[c])
        {
            if (evidence.Papers < minPapers)
            {
                continue;
            }
            var overall = perCluster.Aggregate(new Evidence(), (sum, cluster) => cluster.TryGetValue(term, out var e) ? new Evidence(sum.Papers + e.Papers, sum.Weight + e.Weight) : sum);
            if (overall.Papers <= MaxCollectionShare * total)
            {
                candidates[term] = new Candidate(evidence.Weight, overall.Weight);
            }
        }
        return candidates;
    }

    private static string[] TopTerms(Dictionary<string, Candidate> candidates, Dictionary<string, Dictionary<string, int>> spellings, int clusterSize, int total, int count)
    {
        // A phrase found in most of the papers that use one of its parts names the topic
        // better than that part: "language models" rather than "language".
        var subsumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (phrase, weights) in candidates)
        {
            foreach (var part in Parts(phrase, spellings))
            {
                if (candidates.TryGetValue(part, out var partWeights) && weights.InCluster >= PhraseShare * partWeights.InCluster)
                {
                    subsumed.Add(part);
                }
            }
        }
        var ranked = candidates
            .Where(t => !subsumed.Contains(t.Key))
            .Select(t => (Term: t.Key, Score: Distinctiveness(t.Value.InCluster, clusterSize, t.Value.Overall, total)))
            .Where(t => t.Score > 0)
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Term, StringComparer.Ordinal);
        // Never a phrase and a part of it: the part adds nothing, the phrase says more.
        var chosen = new List<string>(count);
        foreach (var (term, _) in ranked)
        {
            if (chosen.Count == count)
            {
                break;
            }
            if (!chosen.Any(other => Parts(other, spellings).Contains(term) || Parts(term, spellings).Contains(other)))
            {
                chosen.Add(term);
            }
        }
        return chosen.ToArray();
    }

    // The shorter phrases (down to single words) inside a phrase of words joined by spaces,
    // and the initials of how it is written: "llm" for "large language models", "mtl" (and
    // "ml") for "multi-task learning".
    private static HashSet<string> Parts(string phrase, Dictionary<string, Dictionary<string, int>> spellings)
    {
        var parts = new HashSet<string>(StringComparer.Ordinal);
        var words = phrase.Split(' ');
        if (words.Length == 1)
        {
            return parts;
        }
        foreach (var written in spellings[phrase].Keys)
        {
            parts.Add(Initials(written.Split(' ')));
            parts.Add(Initials(written.Split(' ', '-')));
        }
        foreach (var (start, length) in Spans(words.Length).Where(span => span.Length < words.Length))
        {
            parts.Add(string.Join(' ', words, start, length));
        }
        return parts;
    }

    private static string Initials(string[] words) => string.Concat(words.Where(w => w.Length > 0).Select(w => w[0]));

    // Each term of one paper once, weighted by where it appears: TitleWeight if in the title.
    private static Dictionary<string, double> PaperTerms(string text)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (part, weight) in TitleAndAbstract(text))
        {
            foreach (var run in WordRuns(part))
            {
                var keys = run.Select(Fold).ToArray();
                foreach (var (start, length) in Spans(keys.Length))
                {
                    var term = string.Join(' ', keys, start, length);
                    terms[term] = Math.Max(weight, terms.GetValueOrDefault(term));
                }
            }
        }
        return terms;
    }

    // How often each of the wanted terms is written each way ("LLMs", "LLM").
    private static Dictionary<string, Dictionary<string, int>> Spellings(IReadOnlyList<string> texts, HashSet<string> wanted)
    {
        var spellings = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var (part, _) in TitleAndAbstract(text))
            {
                foreach (var run in WordRuns(part))
                {
                    var keys = run.Select(Fold).ToArray();
                    foreach (var (start, length) in Spans(keys.Length))
                    {
                        var term = string.Join(' ', keys, start, length);
                        if (wanted.Contains(term))
                        {
                            var written = string.Join(' ', run.GetRange(start, length));
                            var counts = spellings.TryGetValue(term, out var seen) ? seen : spellings[term] = new(StringComparer.Ordinal);
                            counts[written] = counts.GetValueOrDefault(written) + 1;
                        }
                    }
                }
            }
        }
        return spellings;
    }

    private static IEnumerable<(string Text, double Weight)> TitleAndAbstract(string text)
    {
        var newline = text.IndexOf('\n');
        if (newline < 0)
        {
            yield return (text, 1);
            yield break;
        }
        yield return (text[..newline], TitleWeight);
        yield return (text[(newline + 1)..], 1);
    }

    // Candidate terms are words and phrases of up to MaxPhraseWords adjacent words: every
    // (start, length) span of a run of that many words.
    private static IEnumerable<(int Start, int Length)> Spans(int words)
    {
        for (var start = 0; start < words; start++)
        {
            for (var length = 1; length <= MaxPhraseWords && start + length <= words; length++)
            {
                yield return (start, length);
            }
        }
    }

    // One term for "LLM" and "LLMs", "multi-task" and "multitask": no hyphens, and no
    // plural s (but "process", "corpus", "analysis" keep theirs). Only a key, never shown.
    private static string Fold(string word)
    {
        var key = word.Replace("-", "", StringComparison.Ordinal);
        return key.Length > 3 && key[^1] == 's' && key[^2] is not ('s' or 'u' or 'i') ? key[..^1] : key;
    }

    // A term is shown as the collection writes it most often.
    private static string Spelling(Dictionary<string, int> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;

    // Maximal runs of label-worthy words separated only by white space. A stop word, a
    // generic word, a number or punctuation ends a run, so phrases never span "of",
    // "novel" or a full stop.
    private static IEnumerable<List<string>> WordRuns(string text)
    {
        var run = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '-' && i > start))
            {
                i++;
            }
            if (i == start)
            {
                i++; // punctuation
            }
            else
            {
                // The tokenizer decides what a word is (case, hyphens, stop words, numbers).
                var tokens = Tokenizer.Tokenize(text[start..i]);
                if (tokens.Count == 1 && !ResearchWritingWords.Contains(tokens[0]) && !ResearchWritingWords.Contains(Fold(tokens[0])))
                {
                    run.Add(tokens[0]);
                    continue;
                }
            }
            if (run.Count > 0)
            {
                yield return run;
                run = [];
            }
        }
        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static int MinPapers(int clusterSize) =>
        clusterSize < 3 ? 1 : Math.Max(2, (int)Math.Ceiling(MinCoverage * clusterSize));

    // How common the term is in the cluster, times how much more common than overall (lift):
    // the term's share of the divergence between cluster and collection. The cluster's rate
    // is shrunk towards the collection's by PriorPapers, so few papers make a weak case.
    private static double Distinctiveness(double inCluster, int clusterSize, double overall, int total)
    {
        var pOverall = overall / total;
        var pCluster = (inCluster + PriorPapers * pOverall) / (clusterSize + PriorPapers);
        return pCluster * Math.Log(pCluster / pOverall);
    }

    /// <summary>A topic id: lower-case letters, digits and '-', at most 64 characters.</summary>
    public static string Slugify(string text)
    {
        var chars = text.ToLowerInvariant().Select(ch => ch is >= 'a' and <= 'z' or >= '0' and <= '9' ? ch : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length <= 64 ? slug : slug[..64].TrimEnd('-');
    }

    private static string UniqueSlug(string[] terms, int cluster, HashSet<string> used)
    {
        var slug = Slugify(string.Join('-', terms.Take(2)));
        if (slug.Length == 0)
        {
            slug = $"cluster-{cluster + 1}";
        }
        var candidate = slug;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }
}
