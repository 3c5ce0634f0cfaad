using Recommender.Training.Evaluation;
using Recommender.Training.Simulation;

namespace Recommender.Training.Tests;

public sealed class ReportTests
{
    [Fact]
    public void One_run_writes_the_markdown_tables_and_every_plot()
    {
        var directory = Directory.CreateTempSubdirectory("recommender-report-").FullName;
        var markdown = Path.Combine(directory, "evaluation.md");
        var results = new ReportGenerator(new SimulationOptions(Users: 30, Days: 5, Seed: 2, PapersPerDay: 30)).Run(markdown);
        var text = File.ReadAllText(markdown);
        Assert.Contains("MMoE", text);
        Assert.Contains("shared-bottom", text);
        Assert.Contains("NDCG@10", text);
        Assert.Equal(7, results.Count);
        foreach (var image in new[] { "auc-by-head", "calibration-click", "calibration-upvote", "calibration-save", "calibration-hide" })
        {
            Assert.True(new FileInfo(Path.Combine(directory, "img", image + ".png")).Length > 1000, image);
        }
        Directory.Delete(directory, recursive: true);
    }
}
