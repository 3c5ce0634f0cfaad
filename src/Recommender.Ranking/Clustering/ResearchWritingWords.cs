// Words of research writing rather than of a research subject: how papers describe
// their contribution, its quality and its setting. Kept apart from the tokenizer's stop
// words because those shape every paper vector; these only keep labels topical.
namespace Recommender.Ranking.Clustering;

internal static class ResearchWritingWords
{
    public static bool Contains(string word) => Words.Contains(word);

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
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
