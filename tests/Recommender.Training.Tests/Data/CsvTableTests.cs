using Recommender.Training.Data;
using Recommender.Training.Model;

namespace Recommender.Training.Tests.Data;

public sealed class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Read(new StringReader(text), "t.csv");

    [Fact]
    public void Label_columns_become_tasks_and_the_rest_features()
    {
        var data = Parse("a,click,b\n1,0,2\n3,1,4\n").ToTrainingData([new TaskSpec("click", TaskKind.Binary)]);
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
        Assert.Equal([0f, 1f], data.Labels);
    }

    [Fact]
    public void A_non_numeric_cell_is_reported_with_line_and_column()
    {
        var e = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\n\n3,x\n"));
        Assert.Contains("line 4, column 2 ('b')", e.Message);
    }

    [Fact]
    public void A_short_row_is_reported_with_its_line()
    {
        var e = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1\n"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void An_empty_feature_cell_is_reported_but_an_empty_label_is_missing()
    {
        var data = Parse("a,click\n1,\n2,1\n").ToTrainingData([new TaskSpec("click", TaskKind.Binary)]);
        Assert.True(float.IsNaN(data.Labels[0]));
        var e = Assert.Throws<CsvFormatException>(() => Parse("a,click\n,1\n").ToTrainingData([new TaskSpec("click", TaskKind.Binary)]));
        Assert.Contains("line 2, column 1 ('a')", e.Message);
    }
}
