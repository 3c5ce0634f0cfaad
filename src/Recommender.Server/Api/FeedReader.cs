// Reads one page of a user's feed: from the feed store when it has the feed (summaries from the
// silo's paper cards), else from the user grain, which rebuilds the feed and puts it back; a share
// of each page explores (FeedExploration).
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Users;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using Recommender.Grains.Scoring;
using Recommender.Grains.Telemetry;
using Recommender.Storage.Feeds;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

/// <param name="Items">The page, in feed order, as the wire shows it: rank (1-based, in the feed now; not always consecutive, since papers
/// shown before are left out), and each slot exploratory or ranked with its propensity (<see cref="FeedExploration"/>).</param>
/// <param name="Next">The next page's token; "" on the last page.</param>
public sealed record FeedSlice(IReadOnlyList<V1.FeedItem> Items, int Total, string RankerVersion, string Next);

public sealed class FeedReader(IGrainFactory grains, IFeedStore feeds, PaperCards cards, FeedScorer scorer, RecommenderMetrics metrics, IOptions<RecommenderOptions> options,
    ExplorationSettings exploration)
{
    /// <summary>The stored feed, unless it holds entries of a ranker the user's variant no longer serves: then the user grain re-scores it (<see cref="FeedScorer.IsCurrent"/>).</summary>
    private StoredFeedPage? Current(string userId, StoredFeedPage? stored) =>
        stored is not null && scorer.IsCurrent(userId, stored.Items) ? stored : null;

    /// <summary>The page after <paramref name="token"/> (see <see cref="FeedPageTokens"/>); null for an unknown user.</summary>
    /// <param name="seen">GetFeed's unseen_only: which of the feed's papers to leave out (<see cref="UnseenFeed"/>).</param>
    public async Task<FeedSlice?> ReadAsync(string userId, string token, int size, CancellationToken cancellationToken,
        Func<IReadOnlyList<string>, Task<IReadOnlySet<string>>>? seen = null)
    {
        var position = token.Length == 0 ? null : FeedPageTokens.Parse(token);
        if (token.Length > 0 && position is null)
        {
            // An offset token from an earlier version of the server: still honoured.
            var offset = (int)PageTokens.Offset(token);
            var old = await Read(userId, offset, size, cancellationToken);
            return old is null ? null : new FeedSlice(old.Entries.Select((e, i) => Ranked(e.ToApi(offset + i + 1))).ToArray(), old.Total, old.RankerVersion,
                old.Entries.Count > 0 ? PageTokens.Next(offset, old.Entries.Count, old.Total) : "");
        }
        // Every page is cut from the whole feed (K entries, 100 by default): a token names papers,
        // not places. Only the page's items are built (summaries, reasons, per-head scores).
        var whole = await ReadWhole(userId, cancellationToken);
        if (whole is null)
        {
            return null;
        }
        var (keys, build, click, total, rankerVersion, shownCards) = whole.Value;
        var remaining = FeedPageTokens.Remaining(keys, position).ToArray();
        if (seen is not null)
        {
            // Tokens name papers, not places: leaving seen ones out shifts nothing on later pages.
            var hidden = await seen(keys.Select(k => k.PaperId).ToArray());
            remaining = remaining.Where(i => !hidden.Contains(keys[i].PaperId)).ToArray();
            total = keys.Count(k => !hidden.Contains(k.PaperId));
        }
        var (slots, next) = Cut(userId, token, position, keys, remaining, size, click, exploration);
        if (shownCards is not null)
        {
            PagePrefetch.Prefetch(shownCards, slots);
        }
        var items = new V1.FeedItem[slots.Length];
        for (var i = 0; i < slots.Length; i++)
        {
            items[i] = build(slots[i].Index);
            items[i].Rank = slots[i].Index + 1;
            (items[i].Exploratory, items[i].Propensity) = (slots[i].Exploratory, slots[i].Propensity);
        }
        return new FeedSlice(items, total, rankerVersion, next);
    }

    /// <summary>An item in a ranked slot: put there with certainty.</summary>
    private static V1.FeedItem Ranked(V1.FeedItem item)
    {
        item.Propensity = 1;
        return item;
    }

    /// <summary>The page out of the <paramref name="remaining"/> items of the feed <paramref name="keys"/>, with its exploratory slots, and the next page's token.</summary>
    public static (FeedExploration.Slot[] Slots, string Next) Cut(string userId, string token, FeedPageTokens.Position? position,
        FeedPageTokens.Key[] keys, int[] remaining, int size, Func<int, double> click, ExplorationSettings exploration)
    {
        var slots = FeedExploration.Page(remaining, size, click, exploration, Seed(userId, token, keys, remaining));
        if (slots.Length == 0 || remaining.Length <= size)
        {
            return (slots, "");
        }
        // The pin is the last ranked item: exploratory items come from below it and join the token's shown
        // set, and whatever was passed over stays in its still-to-come set, so later pages neither repeat nor skip.
        var pinLast = new FeedPageTokens.Key[slots.Length];
        var placed = 0;
        foreach (var slot in slots)
        {
            if (slot.Exploratory)
            {
                pinLast[placed++] = keys[slot.Index];
            }
        }
        var onPage = keys.Length <= 1024 ? stackalloc bool[keys.Length] : new bool[keys.Length];
        foreach (var slot in slots)
        {
            onPage[slot.Index] = true;
            if (!slot.Exploratory)
            {
                pinLast[placed++] = keys[slot.Index];
            }
        }
        var rest = new FeedPageTokens.Key[remaining.Length - slots.Length];
        placed = 0;
        foreach (var index in remaining)
        {
            if (!onPage[index])
            {
                rest[placed++] = keys[index];
            }
        }
        return (slots, FeedPageTokens.After(position, pinLast, rest));
    }

    /// <summary>
    /// The exploration draw's seed: a function of the user, the token (which page) and the papers that could come
    /// next, in order, so re-reading an unchanged page gives the same page, and a changed feed a fresh draw.
    /// </summary>
    private static ulong Seed(string userId, string token, FeedPageTokens.Key[] keys, int[] remaining)
    {
        var hash = new XxHash64();
        AppendUtf8(hash, userId);
        hash.Append([0]);
        AppendUtf8(hash, token);
        Span<byte> id = stackalloc byte[4];
        foreach (var index in remaining)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(id, keys[index].Hash);
            hash.Append(id);
        }
        return hash.GetCurrentHashAsUInt64();
    }

    private static void AppendUtf8(XxHash64 hash, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        hash.Append(bytes);
    }

    /// <summary>An entry's predicted click probability: the "click" head, else the ranker's first head; NaN without heads.</summary>
    private static double Click(FeedItem item) =>
        RankerTags.ClickHeadOf(item.Details.RankerTag) is var head and >= 0 ? (double)item.Details.Scores[head] : double.NaN;

    private static double Click(FeedEntry entry) =>
        entry.TaskScores.TryGetValue("click", out var click) ? click : entry.TaskScores.Count > 0 ? entry.TaskScores.First().Value : double.NaN;

    /// <summary>The whole feed as paging keys, how to build the entry at an index, and each entry's card when the store had the feed; null for an unknown user.</summary>
    private async Task<(FeedPageTokens.Key[] Keys, Func<int, V1.FeedItem> Build, Func<int, double> Click, int Total, string RankerVersion, IReadOnlyList<PaperCard>? Cards)?> ReadWhole(string userId, CancellationToken cancellationToken)
    {
        if (Current(userId, await feeds.ReadAsync(userId, 0, options.Value.FeedSize, cancellationToken)) is { } stored)
        {
            metrics.FeedCacheHit();
            var found = await cards.LookUpAsync(Positions(stored.Items), cancellationToken);
            var count = 0;
            foreach (var card in found)
            {
                count += card is null ? 0 : 1;
            }
            // Papers the catalogue no longer holds are left out; usually there are none, and the store's and the
            // lookup's arrays serve as they are.
            IReadOnlyList<FeedItem> items = stored.Items;
            IReadOnlyList<PaperCard> itemCards = found!;
            if (count < found.Length)
            {
                var keptItems = new FeedItem[count];
                var keptCards = new PaperCard[count];
                for (int i = 0, k = 0; i < found.Length; i++)
                {
                    if (found[i] is { } card)
                    {
                        (keptItems[k], keptCards[k]) = (stored.Items[i], card);
                        k++;
                    }
                }
                (items, itemCards) = (keptItems, keptCards);
            }
            var keys = new FeedPageTokens.Key[count];
            for (var k = 0; k < count; k++)
            {
                keys[k] = new FeedPageTokens.Key(itemCards[k].Id, items[k].Score, itemCards[k].IdHash);
            }
            var ranker = count > 0 ? RankerTags.DescriptorOf(items[0].Details.RankerTag).Version : "";
            return (keys, index => items[index].ToApi(itemCards[index]), index => Click(items[index]), stored.Total, ranker, itemCards);
        }
        metrics.FeedCacheMiss();
        var rebuilt = await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(0, options.Value.FeedSize);
        if (rebuilt is null)
        {
            return null;
        }
        var entries = rebuilt.Entries;
        return (entries.Select(e => new FeedPageTokens.Key(e.PaperId, e.Score)).ToArray(), index => entries[index].ToApi(0), index => Click(entries[index]), rebuilt.Total, rebuilt.RankerVersion, null);
    }

    /// <summary>Entries [offset, offset + count) of the feed, or null for an unknown user.</summary>
    public async Task<FeedPage?> Read(string userId, int offset, int count, CancellationToken cancellationToken) =>
        await FromStore(userId, offset, count, cancellationToken)
        ?? await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).GetFeedPage(offset, count);

    private async Task<FeedPage?> FromStore(string userId, int offset, int count, CancellationToken cancellationToken)
    {
        // The whole feed is checked: a page of new scores can still sit above old ones.
        var stored = Current(userId, await feeds.ReadAsync(userId, 0, options.Value.FeedSize, cancellationToken)) is { } whole
            ? new StoredFeedPage(whole.Items.Skip(offset).Take(count).ToArray(), whole.Total)
            : null;
        if (stored is null)
        {
            metrics.FeedCacheMiss();
            return null;
        }
        metrics.FeedCacheHit();
        var found = await cards.LookUpAsync(Positions(stored.Items), cancellationToken);
        var entries = stored.Items
            .Select((item, i) => found[i] is { } card ? FeedEntries.ToEntry(item, card) : null)
            .OfType<FeedEntry>()
            .ToArray();
        return new FeedPage { Entries = entries, Total = stored.Total, RankerVersion = entries.FirstOrDefault()?.RankerVersion ?? "" };
    }

    private static long[] Positions(IReadOnlyList<FeedItem> items)
    {
        var positions = new long[items.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = items[i].Position;
        }
        return positions;
    }
}
