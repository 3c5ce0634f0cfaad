using Recommender.Training.Evaluation;
using Recommender.Training.Evaluation.Recall;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests;

public sealed class ReportTests
{
    [Fact]
    public void One_run_writes_the_markdown_tables_and_every_plot()
    {
        var directory = Directory.CreateTempSubdirectory("recommender-report-").FullName;
        var markdown = Path.Combine(directory, "evaluation.md");
        var generator = new ReportGenerator(new SimulationOptions(Users: 30, Days: 5, Seed: 2, PapersPerDay: 30)) { ThemePapersPerPage = 15, ThemeDraws = 3 };
        var results = generator.Run(markdown);
        var text = File.ReadAllText(markdown);
        Assert.Contains("MMoE", text);
        Assert.Contains("shared-bottom", text);
        Assert.Contains("NDCG@10", text);
        Assert.Equal(7, results.Count);
        Assert.Contains("## Theme check", text);
        Assert.Contains("## Recall sources, then ranking", text);
        AssertRecallFiguresAreConsistent(generator.Recall!);
        var methods = generator.Themes!.Methods.Select(m => m.Method).ToArray();
        Assert.Equal(6, methods.Length);
        Assert.StartsWith("TF-IDF centroid", methods[0]);
        Assert.Contains("hashed-tf-v1-d256", methods[1]);
        Assert.Contains("arctic-xs-v1-t256", methods[2]);
        Assert.Contains("the service's interests (hashed-tf-v1-d256", methods[4]);
        Assert.Contains("the service's interests (arctic-xs-v1-t256", methods[5]);
        Assert.All(generator.Themes.Methods, m => Assert.InRange(m.MeanShare, 0.0, 1.0));
        Assert.Contains(generator.Themes.Methods[2].Method, text);
        foreach (var image in new[] { "auc-by-head", "calibration-click", "calibration-upvote", "calibration-save", "calibration-hide" })
        {
            Assert.True(new FileInfo(Path.Combine(directory, "img", image + ".png")).Length > 1000, image);
        }
        Directory.Delete(directory, recursive: true);
    }

    private static void AssertRecallFiguresAreConsistent(RecallReport recall)
    {
        Assert.InRange(recall.EvaluatedUsers, 1, recall.Users);
        Assert.InRange(recall.SameFirstPage, 0, recall.Users);
        Assert.Equal(recall.Users, recall.UsersByInterests.Sum());
        var rows = recall.Rows.ToDictionary(r => (r.Candidates, r.Ranker));
        Assert.Equal(8, rows.Count);
        // Test positives were never shown in training, so the whole catalogue holds every one of them.
        Assert.All(recall.Rows.Where(r => r.Candidates == RecallEvaluation.WholeCatalogue), r => Assert.Equal(1.0, r.CandidateRecall, 10));
        var union = recall.Rows.First(r => r.Candidates == RecallEvaluation.AllSources);
        foreach (var source in new[] { RecallEvaluation.Followed, RecallEvaluation.Interest, RecallEvaluation.Trending })
        {
            var alone = recall.Rows.Single(r => r.Candidates == source);
            Assert.True(alone.CandidateRecall <= union.CandidateRecall + 1e-12, source);
            Assert.True(alone.CandidatesPerUser <= union.CandidatesPerUser + 1e-12, source);
        }
        Assert.All(recall.Rows, r =>
        {
            Assert.InRange(r.RecallAtPage, 0.0, r.CandidateRecall + 1e-12);
            Assert.InRange(r.Ndcg10, 0.0, 1.0);
            Assert.InRange(r.Coverage, 0.0, 1.0);
        });
    }
}
