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
        var overall = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        var perCluster = Enumerable.Range(0, clusters).Select(_ => new Dictionary<string, Evidence>(StringComparer.Ordinal)).ToArray();
        var sizes = new int[clusters];
        var spellings = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Count; i++)
        {
            sizes[assignments[i]]++;
            foreach (var (term, weight) in PaperTerms(texts[i], spellings))
            {
                Add(overall, term, weight);
                Add(perCluster[assignments[i]], term, weight);
            }
        }
        var labels = new List<ClusterLabel>(clusters);
        var usedSlugs = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < clusters; c++)
        {
            var terms = TopTerms(perCluster[c], overall, spellings, sizes[c], texts.Count, topTerms).Select(t => Spelling(spellings[t])).ToArray();
            var label = terms.Length == 0 ? $"cluster {c + 1}" : string.Join(", ", terms.Take(3));
            labels.Add(new ClusterLabel(c, label, UniqueSlug(terms, c, usedSlugs), terms, sizes[c]));
        }
        return labels;
    }

    private static string[] TopTerms(
        Dictionary<string, Evidence> cluster, Dictionary<string, Evidence> overall, Dictionary<string, Dictionary<string, int>> spellings,
        int clusterSize, int total, int count)
    {
        var minPapers = MinPapers(clusterSize);
        var candidates = cluster
            .Where(t => t.Value.Papers >= minPapers && overall[t.Key].Papers <= MaxCollectionShare * total)
            .ToDictionary(t => t.Key, t => t.Value.Weight, StringComparer.Ordinal);
        // A phrase found in most of the papers that use one of its parts names the topic
        // better than that part: "language models" rather than "language".
        var subsumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (phrase, weight) in candidates)
        {
            foreach (var part in Parts(phrase, spellings))
            {
                if (candidates.TryGetValue(part, out var partWeight) && weight >= PhraseShare * partWeight)
                {
                    subsumed.Add(part);
                }
            }
        }
        var ranked = candidates
            .Where(t => !subsumed.Contains(t.Key))
            .Select(t => (Term: t.Key, Score: Distinctiveness(t.Value, clusterSize, overall[t.Key].Weight, total)))
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
        for (var length = 1; length < words.Length; length++)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                parts.Add(string.Join(' ', words, start, length));
            }
        }
        return parts;
    }

    private static string Initials(string[] words) => string.Concat(words.Where(w => w.Length > 0).Select(w => w[0]));

    private readonly record struct Evidence(int Papers, double Weight);

    private static void Add(Dictionary<string, Evidence> evidence, string term, double weight)
    {
        var seen = evidence.GetValueOrDefault(term);
        evidence[term] = new Evidence(seen.Papers + 1, seen.Weight + weight);
    }

    // Each term of one paper once, weighted by where it appears: TitleWeight if in the title.
    private static Dictionary<string, double> PaperTerms(string text, Dictionary<string, Dictionary<string, int>> spellings)
    {
        var newline = text.IndexOf('\n');
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        AddTerms(terms, spellings, newline < 0 ? text : text[(newline + 1)..], 1);
        if (newline >= 0)
        {
            AddTerms(terms, spellings, text[..newline], TitleWeight);
        }
        return terms;
    }

    // Candidate terms are words and phrases of up to MaxPhraseWords adjacent words. A stop
    // word, a generic word, a number or punctuation ends a phrase, so phrases never span
    // "of", "novel" or a full stop.
    private static void AddTerms(Dictionary<string, double> terms, Dictionary<string, Dictionary<string, int>> spellings, string text, double weight)
    {
        foreach (var run in WordRuns(text))
        {
            var keys = run.Select(Fold).ToList();
            for (var start = 0; start < run.Count; start++)
            {
                for (var length = 1; length <= MaxPhraseWords && start + length <= run.Count; length++)
                {
                    var term = string.Join(' ', keys.GetRange(start, length));
                    terms[term] = Math.Max(weight, terms.GetValueOrDefault(term));
                    var written = string.Join(' ', run.GetRange(start, length));
                    var counts = spellings.TryGetValue(term, out var seen) ? seen : spellings[term] = new(StringComparer.Ordinal);
                    counts[written] = counts.GetValueOrDefault(written) + 1;
                }
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

    // Maximal runs of label-worthy tokens separated only by white space.
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
                if (tokens.Count == 1 && !GenericWords.Contains(tokens[0]) && !GenericWords.Contains(Fold(tokens[0])))
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

    // Words of research writing rather than of a research subject: how papers describe
    // their contribution, its quality and its setting. Kept apart from the tokenizer's stop
    // words because those shape every paper vector; these only keep labels topical.
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "abilities", "ability", "able", "accurately", "achieve", "achieved", "achieves", "achieving",
        "adaptively", "addition", "additionally", "address", "addresses", "addressing", "advance",
        "advanced", "advances", "advantage", "advantages", "aim", "aims", "allow", "allows", "although",
        "among", "application", "applications", "applied", "apply", "art", "aspects", "automatically",
        "baseline", "benefit", "benefits", "best", "better", "broad", "capabilities", "capability",
        "capable", "case", "cases", "challenge", "challenges", "challenging", "collectively", "combine",
        "combined", "combining", "competitive", "complex", "comprehensive", "consider", "considered",
        "considers", "consistent", "consistently", "contribution", "contributions", "conventional",
        "critical", "crucial", "current", "currently", "demonstrated", "demonstrating", "depend",
        "depending", "depends", "design", "designed", "designs", "despite", "develop", "developed",
        "different", "difficult", "direction", "directions", "directly", "diverse", "due",
        "dynamically", "easily", "effective", "effectively", "effectiveness", "efficiently",
        "empirically", "enable", "enabled", "enables", "enabling", "end", "enhance", "enhanced",
        "enhances", "enhancing", "evaluate", "evaluated", "even", "example", "examples", "exhibit",
        "exhibits", "exist", "exists", "explicitly", "exploit", "exploits", "explore", "explored",
        "explores", "exploring", "extensively", "facilitate", "field", "finally", "find", "findings",
        "first", "flexibly", "focus", "focuses", "following", "framework", "frameworks", "fully",
        "fundamentally", "gain", "gains", "general", "given", "globally", "good", "great", "greatly",
        "heavily", "help", "helps", "high", "highly", "identify", "ii", "iii", "impact", "implicitly",
        "important", "improve", "improved", "improvement", "improvements", "improves", "improving",
        "include", "includes", "including", "increase", "increasing", "increasingly", "independently",
        "individually", "inherently", "instead", "investigate", "investigates", "issue", "issues",
        "iteratively", "jointly", "key", "known", "lack", "large-scale", "largely", "lead", "leading",
        "leads", "learn", "learns", "leverage", "leverages", "leveraging", "like", "limitation",
        "limitations", "limited", "lot", "main", "mainly", "make", "makes", "making", "many", "mostly",
        "naturally", "need", "needs", "notably", "numerous", "observe", "obtain", "obtained", "occur",
        "occurs", "offer", "offers", "often", "order", "outperforming", "overall", "particular",
        "particularly", "per", "perform", "performed", "performs", "popular", "possible", "potential",
        "powerful", "practical", "precisely", "previous", "previously", "primarily", "prior", "process",
        "progressively", "promising", "provide", "provided", "provides", "providing", "publicly",
        "quickly", "range", "rapidly", "readily", "real-world", "recent", "recently", "reduce",
        "reduces", "reducing", "relatively", "reliably", "remain", "remains", "remarkable", "require",
        "required", "requires", "research", "respectively", "reveal", "reveals", "robust", "robustly",
        "scenario", "scenarios", "seamlessly", "second", "separately", "setting", "settings", "several",
        "shown", "significant", "similarly", "simple", "simultaneously", "since", "solution", "solve",
        "solves", "solving", "specific", "specifically", "still", "strong", "substantial",
        "substantially", "success", "successful", "successfully", "suggest", "superior", "support",
        "tackle", "technique", "techniques", "term", "terms", "theoretically", "therefore", "third",
        "though", "three", "toward", "towards", "typically", "understand", "useful", "utilize",
        "variety", "various", "way", "ways", "whereas", "wide", "widely", "yield", "yields",
    };
}
