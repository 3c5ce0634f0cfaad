using Google.Protobuf.WellKnownTypes;
using Recommender.Api.V1;
using Recommender.Importers;

namespace Recommender.Cli.Import;

/// <summary>Turns an imported record into the wire message; an empty id lets the server derive one from the title.</summary>
public static class PaperMapper
{
    public static Paper ToProto(ImportedPaper imported)
    {
        var paper = new Paper
        {
            Id = imported.Id ?? "",
            Title = imported.Title,
            Abstract = imported.Abstract,
            AuthorCount = imported.AuthorCount,
            Upvotes = imported.Upvotes,
            Url = imported.Url ?? "",
        };
        paper.Authors.AddRange(imported.Authors);
        paper.Categories.AddRange(imported.Categories);
        if (imported.PublishedAt is { } published)
        {
            paper.PublishedAt = Timestamp.FromDateTimeOffset(published);
        }
        return paper;
    }
}
