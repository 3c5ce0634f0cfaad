// What a digest shows, independent of how it is rendered (HTML, plain text) or sent.
namespace Recommender.Digests;

public sealed record DigestModel
{
    public required string UserId { get; init; }
    public required string Email { get; init; }
    public string DisplayName { get; init; } = "";
    /// <summary>"2026-11-26" (daily) or "2026-W48" (weekly).</summary>
    public required string Period { get; init; }
    public bool Weekly { get; init; }
    public required IReadOnlyList<DigestPaper> Papers { get; init; }
    public required string UnsubscribeUrl { get; init; }

    public string Subject => Weekly
        ? $"Your weekly papers: {Papers.Count} new ({Period})"
        : $"Your papers for {Period}: {Papers.Count} new";

    public string Greeting => DisplayName.Length > 0 ? $"Hello {DisplayName}," : "Hello,";
}

public sealed record DigestPaper
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The first few authors; <see cref="AuthorCount"/> says how many there are in all.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];
    public int AuthorCount { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>Why it is here, in words, e.g. "You follow graph-learning".</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public string OpenUrl { get; init; } = "";
    public required string SaveUrl { get; init; }
    public required string NotInterestedUrl { get; init; }

    public string AuthorLine => Authors.Count == 0
        ? ""
        : string.Join(", ", Authors) + (AuthorCount > Authors.Count ? $" and {AuthorCount - Authors.Count} more" : "");

    public string DateLine => PublishedAt is { } at ? at.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) : "";
}
