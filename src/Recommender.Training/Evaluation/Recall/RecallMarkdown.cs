// The report's section on recall and ranking with the service's candidate sources.
using System.Globalization;
using System.Text;

namespace Recommender.Training.Evaluation.Recall;

public static class RecallMarkdown
{
    public static string Section(RecallReport report)
    {
        var s = report.Settings;
        var md = new StringBuilder();
        md.AppendLine("## Recall sources, then ranking").AppendLine();
        md.AppendLine($"At the end of the test period, each of the {report.Users} users gets one feed: candidates from the service's sources among the {report.CataloguePapers} papers published so far (papers shown to the user in training left out), ordered by a ranker's combined score (fitted on the training days as above). " +
            $"The figures are averages over the {report.EvaluatedUsers} users with at least one positive (clicked, upvoted or saved, not hidden) paper in the test logs; " +
            $"coverage is over the {report.TestPapers} papers of the test period.").AppendLine();
        md.AppendLine($"Sources, with the service's defaults (`RecommenderOptions`): followed topic = the topic's latest {s.TopicRecentPapers} routed papers (a paper is routed to at most {s.MaxTopicsPerPaper} topics of cosine ≥ {F(s.RoutingThreshold)}); " +
            $"interest = the windows of the {s.InterestProbeTopics} topics nearest to the user's interests, the probes dealt among the user's several interests in turn as the service deals them (`InterestProbes`; at least one per interest; followed one left out), or nearest to the mean interest for a user without any; trending = the {s.TrendingPapers} hottest (ln(1 + upvotes) + age discount of 1/day) of the latest {s.TrendingScanPapers} papers. " +
            "Topics are the simulator's 8 themes. The user's vectors are rebuilt from the user's seed paper (taken in first, as the service does when it creates the user) and the training logs by the service's rules (`ReaderInputs`: click 0.15, upvote 0.3, save 0.4 toward the paper; a hide pushes the mean away and feeds the hidden vector; up to 3 interests by `InterestClusters`, one serving once it gathered 0.5), " +
            "and the ranker's interest_similarity is the best cosine over those interests, as served. " +
            "Users by the number of interests serving them at the cutoff: " + string.Join(", ", report.UsersByInterests.Select((users, count) => $"{count}: {users}")) + " (0: the mean alone, or no vector).").AppendLine();
        md.AppendLine($"| candidates | ranker | candidates/user | recall of candidates | recall@{RecallEvaluation.Page} | NDCG@10 | coverage@{RecallEvaluation.Page} |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var r in report.Rows)
        {
            md.AppendLine($"| {r.Candidates} | {r.Ranker} | {r.CandidatesPerUser.ToString("0.0", CultureInfo.InvariantCulture)} | {F(r.CandidateRecall)} | {F(r.RecallAtPage)} | {F(r.Ndcg10)} | {F(r.Coverage)} |");
        }
        md.AppendLine();
        var loss = report.SameFirstPage == report.Users ? "the recall stage loses nothing that this ranker would have shown first" : "for the others the recall stage left out papers that this ranker would have shown first";
        md.AppendLine($"For {report.SameFirstPage} of the {report.Users} users, {report.Rows[0].Ranker}'s first page from the three sources is the same as from the whole catalogue: {loss}. " +
            "Chance (a random order of the whole catalogue) is the floor of every column but coverage.").AppendLine();
        md.AppendLine($"Recall counts a user's test positives found among the candidates (all of them, or the first {RecallEvaluation.Page} after ranking). " +
            "NDCG@10 takes gains 2^rel − 1 with rel = click + upvote + save from the test logs; a paper the user was never shown counts as irrelevant (the logs cannot say otherwise), and the ideal ranks all of the user's relevant papers, " +
            "so a positive that no source recalled costs NDCG too. These NDCG figures rank hundreds of candidates per user, not the 20 papers shown per day, so they are not comparable with the NDCG table above.").AppendLine();
        return md.ToString();
    }

    private static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
