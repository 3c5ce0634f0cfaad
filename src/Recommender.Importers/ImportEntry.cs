// What an importer yields: a paper read from the input, or a problem with one record.
namespace Recommender.Importers;

/// <summary>One item of an import stream; <see cref="Line"/> is 1-based in the input.</summary>
public abstract record ImportEntry(long Line);

/// <summary>A paper as read from a file; fields the format lacks are empty or zero.</summary>
public sealed record ImportedPaper(
    long Line,
    string? Id,
    string Title,
    string Abstract,
    IReadOnlyList<string> Authors,
    int AuthorCount,
    DateTimeOffset? PublishedAt,
    int Upvotes,
    string? Url,
    IReadOnlyList<string> Categories) : ImportEntry(Line);

/// <summary>A malformed record that was skipped.</summary>
public sealed record ImportIssue(long Line, string Message) : ImportEntry(Line);
