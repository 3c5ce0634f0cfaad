// Turns a claim, the user's feed and the papers the service chose into a DigestModel.
using System.Globalization;
using System.Text.RegularExpressions;
using Recommender.Api.V1;

namespace Recommender.Digests;

internal static partial class DigestComposer
{
    public const int AuthorsShown = 3;
    /// <summary>Upvotes at which a paper counts as trending (the listing sites' front page takes about this many).</summary>
    public const int TrendingUpvotes = 20;

    [GeneratedRegex(@"^topic:(?<topic>\S+)")]
    private static partial Regex TopicReason();

    [GeneratedRegex(@"^\d{4}\.\d{4,5}(v\d+)?$")]
    private static partial Regex ArxivId();

    /// <summary>The feed as digest candidates: best score first, and among equal scores the newest first.</summary>
    public static IReadOnlyList<FeedItem> Candidates(GetFeedResponse feed) => feed.Items
        .OrderByDescending(i => i.Score)
        .ThenByDescending(i => i.Paper.PublishedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
        .ToArray();

    public static DigestModel Compose(DigestClaim claim, IReadOnlyList<FeedItem> feed, IEnumerable<DigestPaperLinks> chosen)
    {
        var byId = feed.GroupBy(i => i.Paper.Id).ToDictionary(g => g.Key, g => g.First());
        return new DigestModel
        {
            UserId = claim.UserId,
            Email = claim.Email,
            DisplayName = claim.DisplayName,
            Period = claim.Period,
            Weekly = claim.Cadence == DigestCadence.Weekly,
            UnsubscribeUrl = claim.UnsubscribeUrl,
            // A chosen paper missing from the feed (it moved out since an earlier attempt) is left out, not shown bare.
            Papers = chosen.Where(c => byId.ContainsKey(c.PaperId)).Select(c => Paper(byId[c.PaperId], c)).ToArray(),
        };
    }

    private static DigestPaper Paper(FeedItem item, DigestPaperLinks links) => new()
    {
        Id = item.Paper.Id,
        Title = item.Paper.Title,
        Authors = item.Paper.Authors.Take(AuthorsShown).ToArray(),
        AuthorCount = Math.Max(item.Paper.AuthorCount, item.Paper.Authors.Count),
        PublishedAt = item.Paper.PublishedAt?.ToDateTimeOffset(),
        Reasons = Reasons(item),
        OpenUrl = OpenUrl(item.Paper),
        SaveUrl = links.SaveUrl,
        NotInterestedUrl = links.NotInterestedUrl,
    };

    /// <summary>The feed's reasons in the reader's words: a followed topic, closeness to the interests (seed and saved papers), trending.</summary>
    public static IReadOnlyList<string> Reasons(FeedItem item)
    {
        var reasons = new List<string>();
        foreach (var reason in item.Reasons)
        {
            if (TopicReason().Match(reason) is { Success: true } topic)
            {
                reasons.Add($"You follow {topic.Groups["topic"].Value}");
            }
            else if (reason.StartsWith("close to your interests", StringComparison.Ordinal))
            {
                reasons.Add("Close to your interests");
            }
        }
        if (item.Paper.Upvotes >= TrendingUpvotes)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"Trending: {item.Paper.Upvotes} upvotes"));
        }
        return reasons.Count > 0 ? reasons : ["Picked for you"];
    }

    private static string OpenUrl(PaperSummary paper) =>
        Uri.TryCreate(paper.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url.ToString()
            : ArxivId().IsMatch(paper.Id) ? $"https://arxiv.org/abs/{paper.Id}" : "";
}
