// train → eval → predict through the real command tree, on a small learnable CSV.
using System.Globalization;
using System.Text;

namespace Recommender.Cli.Tests.Model;

public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("model-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args) => RecommenderCommand.Build().Parse(args).Invoke();

    private string WriteCsv(int rows)
    {
        var r = new Random(1);
        var text = new StringBuilder("a,b,click,dwell\n");
        for (var i = 0; i < rows; i++)
        {
            double a = r.NextDouble() * 2 - 1, b = r.NextDouble() * 2 - 1;
            text.Append(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{(a + b > 0 ? 1 : 0)},{a - b:F4}\n");
        }
        var path = Path.Combine(_dir, "data.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Train_eval_and_predict_run_end_to_end()
    {
        var data = WriteCsv(500);
        var model = Path.Combine(_dir, "m.onnx");
        var predictions = Path.Combine(_dir, "p.csv");
        Assert.Equal(0, Run("train", "--data", data, "--label", "click", "--label", "dwell:mse", "--arch", "shared-bottom", "--epochs", "2", "--out", model));
        Assert.True(File.Exists(model));
        Assert.Equal(0, Run("eval", "--model", model, "--data", data, "--json"));
        Assert.Equal(0, Run("predict", "--model", model, "--data", data, "--out", predictions));
        var lines = File.ReadAllLines(predictions);
        Assert.Equal("click,dwell", lines[0]);
        Assert.Equal(501, lines.Length);
    }

    [Fact]
    public void A_malformed_csv_fails_with_exit_code_one()
    {
        var data = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(data, "a,click\n1,0\noops,1\n");
        Assert.Equal(1, Run("train", "--data", data, "--label", "click", "--arch", "mmoe", "--out", Path.Combine(_dir, "x.onnx")));
    }

    [Fact]
    public void An_unknown_loss_is_rejected()
    {
        var data = WriteCsv(10);
        Assert.Equal(1, Run("train", "--data", data, "--label", "click:hinge", "--arch", "mmoe", "--out", Path.Combine(_dir, "x.onnx")));
    }
}
