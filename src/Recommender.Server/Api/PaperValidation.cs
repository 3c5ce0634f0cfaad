// Checks a published paper against the documented limits and turns it into a record.
using Recommender.Abstractions.Papers;
using Recommender.Ranking.Text;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public static class PaperValidation
{
    /// <summary>The validated paper; throws an INVALID_ARGUMENT <see cref="Grpc.Core.RpcException"/> naming the field.</summary>
    public static PaperRecord ToRecord(V1.Paper? paper)
    {
        if (paper is null)
        {
            throw Invalid("paper", "is required");
        }
        var title = Text(paper.Title, "paper.title", MaxTitleLength);
        if (TitleNormalizer.Normalize(title).Length == 0)
        {
            throw Invalid("paper.title", "must contain letters or digits");
        }
        var @abstract = Text(paper.Abstract, "paper.abstract", MaxAbstractLength);
        var id = paper.Id.Length == 0 ? TitleNormalizer.DeriveId(title) : PaperId(paper.Id, "paper.id");
        if (paper.Authors.Count > MaxAuthors)
        {
            throw Invalid("paper.authors", $"at most {MaxAuthors} authors");
        }
        var authors = paper.Authors.Select((a, i) => Text(a, $"paper.authors[{i}]", MaxAuthorLength)).ToArray();
        if (paper.Categories.Count > MaxCategories)
        {
            throw Invalid("paper.categories", $"at most {MaxCategories} categories");
        }
        var categories = paper.Categories.Select((c, i) => Text(c, $"paper.categories[{i}]", 64)).ToArray();
        if (paper.Upvotes < 0)
        {
            throw Invalid("paper.upvotes", "must not be negative");
        }
        if (paper.AuthorCount < 0)
        {
            throw Invalid("paper.author_count", "must not be negative");
        }
        return new PaperRecord
        {
            Id = id,
            Title = title,
            Abstract = @abstract,
            Authors = authors,
            AuthorCount = Math.Max(paper.AuthorCount, authors.Length),
            PublishedAt = PublishedAt(paper),
            Upvotes = paper.Upvotes,
            Url = Url(paper.Url),
            Categories = categories,
        };
    }

    private static DateTimeOffset? PublishedAt(V1.Paper paper)
    {
        if (paper.PublishedAt is null)
        {
            return null;
        }
        DateTimeOffset at;
        try
        {
            at = paper.PublishedAt.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            // Seconds or nanos outside what a Timestamp may hold: found by the request fuzzer.
            throw Invalid("paper.published_at", "is not a valid timestamp");
        }
        if (at.Year < 1900 || at > DateTimeOffset.UtcNow.AddDays(2))
        {
            throw Invalid("paper.published_at", $"{at:yyyy-MM-dd} is not a plausible publication date");
        }
        return at;
    }

    private static string Url(string url)
    {
        var trimmed = Text(url, "paper.url", MaxUrlLength, required: false);
        if (trimmed.Length > 0 && !(Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")))
        {
            throw Invalid("paper.url", "must be an absolute http or https URL");
        }
        return trimmed;
    }
}
