// Reads one page of a user's feed: from the feed store when it has the feed (summaries from the
// silo's paper cards), else from the user grain, which rebuilds the feed and puts it back.
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Users;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Telemetry;
using Recommender.Storage.Feeds;

namespace Recommender.Server.Api;

/// <param name="Entries">The page, in feed order.</param>
/// <param name="FirstRank">The 1-based rank of the page's first entry in the feed now.</param>
/// <param name="Next">The next page's token; "" on the last page.</param>
public sealed record FeedSlice(IReadOnlyList<FeedEntry> Entries, int FirstRank, int Total, string RankerVersion, string Next);

public sealed class FeedReader(IGrainFactory grains, IFeedStore feeds, PaperCards cards, RecommenderMetrics metrics, IOptions<RecommenderOptions> options)
{
    /// <summary>The page after <paramref name="token"/> (see <see cref="FeedPageTokens"/>); null for an unknown user.</summary>
    public async Task<FeedSlice?> ReadAsync(string userId, string token, int size, CancellationToken cancellationToken)
    {
        if (token.Length == 0)
        {
            return Slice(await Read(userId, 0, size, cancellationToken), 0);
        }
        if (FeedPageTokens.Parse(token) is not { } pin)
        {
            // An offset token from an earlier version of the server: still honoured.
            var offset = (int)PageTokens.Offset(token);
            return Slice(await Read(userId, offset, size, cancellationToken), offset);
        }
        // The pin is found in the whole feed (K entries, 100 by default): one read either way.
        var whole = await Read(userId, 0, options.Value.FeedSize, cancellationToken);
        if (whole is null)
        {
            return null;
        }
        var start = FeedPageTokens.StartAfter(whole.Entries, pin);
        var page = whole with { Entries = whole.Entries.Skip(start).Take(size).ToArray() };
        return Slice(page, start, whole.Entries.Count);
    }

    /// <summary>Entries [offset, offset + count) of the feed, or null for an unknown user.</summary>
    public async Task<FeedPage?> Read(string userId, int offset, int count, CancellationToken cancellationToken) =>
        await FromStore(userId, offset, count, cancellationToken)
        ?? await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(offset, count);

    private static FeedSlice? Slice(FeedPage? page, int start, int? known = null)
    {
        if (page is null)
        {
            return null;
        }
        var end = start + page.Entries.Count;
        var more = page.Entries.Count > 0 && end < (known ?? page.Total);
        var next = more ? FeedPageTokens.After(page.Entries[^1]) : "";
        return new FeedSlice(page.Entries, start + 1, page.Total, page.RankerVersion, next);
    }

    private async Task<FeedPage?> FromStore(string userId, int offset, int count, CancellationToken cancellationToken)
    {
        var stored = await feeds.ReadAsync(userId, offset, count, cancellationToken);
        if (stored is null)
        {
            metrics.FeedCacheMiss();
            return null;
        }
        metrics.FeedCacheHit();
        var found = await cards.GetAsync(stored.Items.Select(i => i.Position).ToArray(), cancellationToken);
        var entries = stored.Items
            .Where(i => found.ContainsKey(i.Position))
            .Select(i => FeedEntries.ToEntry(i, found[i.Position]))
            .ToArray();
        return new FeedPage { Entries = entries, Total = stored.Total, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
    }
}
