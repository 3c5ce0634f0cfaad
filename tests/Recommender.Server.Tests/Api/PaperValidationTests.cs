using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Api;

namespace Recommender.Server.Tests.Api;

public sealed class PaperValidationTests
{
    private static Paper Valid() => new() { Title = "A title", Abstract = "An abstract", Url = "https://example.org/p" };

    [Theory]
    [InlineData("title", "paper.title")]
    [InlineData("abstract", "paper.abstract")]
    [InlineData("id", "paper.id")]
    [InlineData("url", "paper.url")]
    [InlineData("upvotes", "paper.upvotes")]
    public void Each_bad_field_is_rejected_with_its_name(string broken, string field)
    {
        var paper = Valid();
        switch (broken)
        {
            case "title": paper.Title = new string('t', RequestValidation.MaxTitleLength + 1); break;
            case "abstract": paper.Abstract = " "; break;
            case "id": paper.Id = "has space"; break;
            case "url": paper.Url = "ftp://example.org"; break;
            case "upvotes": paper.Upvotes = -1; break;
        }

        var error = Assert.Throws<RpcException>(() => PaperValidation.ToRecord(paper));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail);
    }

    [Fact]
    public void A_paper_without_an_id_gets_one_derived_from_its_title()
    {
        var record = PaperValidation.ToRecord(Valid());
        Assert.Equal(Recommender.Ranking.Text.TitleNormalizer.DeriveId("A title"), record.Id);
    }

    [Fact]
    public void Page_tokens_round_trip_and_foreign_tokens_are_refused()
    {
        var token = PageTokens.Next(0, 20, 100);
        Assert.Equal(20, PageTokens.Offset(token));
        Assert.Equal("", PageTokens.Next(80, 20, 100));
        Assert.Throws<RpcException>(() => PageTokens.Offset("bm90LWEtdG9rZW4"));
    }
}
