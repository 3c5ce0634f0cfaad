// Names clusters by the terms that set them apart: words far more common in a cluster's
// papers than in the whole collection, so "learning" never labels anything.
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

    /// <summary>Labels each cluster from the texts (title and abstract) of its members.</summary>
    public static IReadOnlyList<ClusterLabel> Label(IReadOnlyList<string> texts, IReadOnlyList<int> assignments, int clusters, int topTerms = 5)
    {
        if (texts.Count != assignments.Count)
        {
            throw new ArgumentException("One assignment per text is required.", nameof(assignments));
        }
        // Document frequency: a term repeated in one abstract should not outweigh a term in many papers.
        var overall = new Dictionary<string, int>(StringComparer.Ordinal);
        var perCluster = Enumerable.Range(0, clusters).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var sizes = new int[clusters];
        for (var i = 0; i < texts.Count; i++)
        {
            sizes[assignments[i]]++;
            foreach (var term in Tokenizer.Tokenize(texts[i]).Where(t => !GenericWords.Contains(t)).Distinct())
            {
                overall[term] = overall.GetValueOrDefault(term) + 1;
                perCluster[assignments[i]][term] = perCluster[assignments[i]].GetValueOrDefault(term) + 1;
            }
        }
        var labels = new List<ClusterLabel>(clusters);
        var usedSlugs = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < clusters; c++)
        {
            var minPapers = MinPapers(sizes[c]);
            var terms = perCluster[c]
                .Where(t => t.Value >= minPapers)
                .Select(t => (Term: t.Key, Score: Distinctiveness(t.Value, sizes[c], overall[t.Key], texts.Count)))
                .Where(t => t.Score > 0)
                .OrderByDescending(t => t.Score)
                .ThenBy(t => t.Term, StringComparer.Ordinal)
                .Take(topTerms)
                .Select(t => t.Term)
                .ToArray();
            var label = terms.Length == 0 ? $"cluster {c + 1}" : string.Join(", ", terms.Take(3));
            labels.Add(new ClusterLabel(c, label, UniqueSlug(terms, c, usedSlugs), terms, sizes[c]));
        }
        return labels;
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
        "abilities", "ability", "able", "achieve", "achieved", "achieves", "achieving", "address",
        "addresses", "addressing", "advance", "advanced", "advances", "advantage", "advantages", "aim",
        "aims", "allow", "allows", "although", "among", "application", "applications", "applied",
        "apply", "art", "aspects", "benefit", "benefits", "best", "better", "capabilities",
        "capability", "capable", "case", "cases", "challenge", "challenges", "challenging", "combine",
        "combined", "combining", "competitive", "comprehensive", "consider", "considered", "considers",
        "consistently", "contribution", "contributions", "conventional", "critical", "crucial",
        "current", "currently", "demonstrated", "demonstrating", "depend", "depending", "depends",
        "design", "designed", "designs", "despite", "develop", "developed", "different", "difficult",
        "diverse", "due", "effective", "effectively", "effectiveness", "efficiently", "enable",
        "enabled", "enables", "enabling", "enhance", "enhanced", "enhances", "enhancing", "evaluate",
        "evaluated", "even", "example", "examples", "exhibit", "exhibits", "exist", "exists",
        "explicitly", "explore", "explored", "explores", "exploring", "facilitate", "find", "findings",
        "first", "focus", "focuses", "following", "framework", "frameworks", "fully", "gain", "gains",
        "general", "given", "good", "great", "greatly", "help", "helps", "high", "highly", "identify",
        "impact", "important", "improve", "improved", "improvement", "improvements", "improves",
        "improving", "include", "includes", "including", "increase", "increasing", "instead",
        "investigate", "investigates", "issue", "issues", "key", "known", "lack", "large-scale", "lead",
        "leading", "leads", "leverage", "leverages", "leveraging", "like", "limitation", "limitations",
        "limited", "lot", "main", "make", "makes", "making", "many", "need", "needs", "notably",
        "numerous", "observe", "obtain", "obtained", "offer", "offers", "often", "outperforming",
        "overall", "particular", "particularly", "perform", "performed", "performs", "popular",
        "possible", "potential", "powerful", "practical", "previous", "previously", "prior", "process",
        "promising", "provide", "provided", "provides", "providing", "range", "real-world", "recent",
        "recently", "relatively", "remain", "remains", "remarkable", "require", "required", "requires",
        "research", "respectively", "reveal", "reveals", "robust", "scenario", "scenarios", "second",
        "setting", "settings", "several", "shown", "significant", "simple", "since", "specific",
        "specifically", "still", "strong", "substantial", "substantially", "success", "successful",
        "successfully", "suggest", "superior", "support", "tackle", "technique", "techniques", "term",
        "terms", "therefore", "though", "three", "toward", "towards", "typically", "understand",
        "useful", "utilize", "various", "way", "ways", "whereas", "wide", "widely", "yield", "yields",
    };
}
