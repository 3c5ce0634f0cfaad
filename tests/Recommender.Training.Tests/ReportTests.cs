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
        var generator = new ReportGenerator(new SimulationOptions(Users: 30, Days: 5, Seed: 2, PapersPerDay: 30)) { ThemePapersPerPage = 15, ThemeDraws = 3 };
        var results = generator.Run(markdown);
        var text = File.ReadAllText(markdown);
        Assert.Contains("MMoE", text);
        Assert.Contains("shared-bottom", text);
        Assert.Contains("NDCG@10", text);
        Assert.Equal(7, results.Count);
        Assert.Contains("## Theme check", text);
        var methods = generator.Themes!.Methods.Select(m => m.Method).ToArray();
        Assert.Equal(4, methods.Length);
        Assert.StartsWith("TF-IDF centroid", methods[0]);
        Assert.Contains("hashed-tf-v1-d256", methods[1]);
        Assert.Contains("arctic-xs-v1-t256", methods[2]);
        Assert.All(generator.Themes.Methods, m => Assert.InRange(m.MeanShare, 0.0, 1.0));
        Assert.Contains(generator.Themes.Methods[2].Method, text);
        foreach (var image in new[] { "auc-by-head", "calibration-click", "calibration-upvote", "calibration-save", "calibration-hide" })
        {
            Assert.True(new FileInfo(Path.Combine(directory, "img", image + ".png")).Length > 1000, image);
        }
        Directory.Delete(directory, recursive: true);
    }
}
