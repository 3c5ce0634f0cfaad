using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;

namespace Recommender.Ranking.Tests;

public sealed class OnnxRankerLoadTests
{
    [Fact]
    public void Bytes_that_are_not_onnx_give_a_clear_error()
    {
        var e = Assert.Throws<InvalidModelException>(() => OnnxRanker.Load([0xde, 0xad, 0xbe, 0xef, 7, 7], PairFeatures.Names, source: "junk.onnx"));
        Assert.Contains("junk.onnx", e.Message);
    }

    [Fact]
    public void A_missing_model_file_gives_a_clear_error()
    {
        var e = Assert.Throws<InvalidModelException>(() => OnnxRanker.Load("/nonexistent/model.onnx", PairFeatures.Names));
        Assert.Contains("/nonexistent/model.onnx", e.Message);
    }
}
