// The one-value encoding of a stored feed: merges agree with the in-process feed, pages read from a
// value's first bytes, and bytes that are not a whole feed are refused.
using Recommender.Abstractions.Feeds;
using Recommender.Storage.Feeds;

namespace Recommender.Storage.Tests.Feeds;

public sealed class PackedFeedTests
{
    private static FeedItem Item(long position, float score)
    {
        var scores = new TaskScores();
        scores[1] = (Half)score;
        return new FeedItem(position, score, new FeedDetails(3, 2, FeedSource.Interest, (Half)0.25f, scores));
    }

    /// <summary>An item as text (FeedDetails holds an inline array, which has no built-in equality).</summary>
    private static string Show(FeedItem item)
    {
        var details = new byte[FeedDetails.Size];
        item.Details.WriteTo(details);
        return $"{item.Position}:{item.Score}:{Convert.ToHexString(details)}";
    }

    private static string[] Show(IEnumerable<FeedItem> items) => items.Select(Show).ToArray();

    private static byte[] Packed(int capacity, params FeedItem[] items) => PackedFeed.Merge([], items, capacity)!.Value.Value;

    [Fact]
    public void Merging_random_writes_keeps_the_best_k_with_each_paper_once_at_its_latest_score()
    {
        var random = new Random(11);
        for (var run = 0; run < 200; run++)
        {
            var capacity = random.Next(1, 12);
            var expected = new List<FeedItem>();
            var stored = Array.Empty<byte>();
            for (var write = 0; write < 6; write++)
            {
                // Few papers and coarse scores, so that papers come again and scores tie.
                var items = Enumerable.Range(0, random.Next(0, 8)).Select(_ => Item(random.Next(20), random.Next(10) / 10f))
                    .DistinctBy(i => i.Position).ToArray();
                expected = expected.Where(e => items.All(i => i.Position != e.Position)).Concat(items)
                    .OrderByDescending(i => i.Score).ThenByDescending(i => i.Position).Take(capacity).ToList();
                var (value, threshold) = PackedFeed.Merge(stored, items, capacity)!.Value;
                stored = value;

                Assert.Equal(expected.Count < capacity ? float.NegativeInfinity : expected[^1].Score, threshold);
                var (unpacked, total) = PackedFeed.Unpack(stored)!.Value;
                Assert.Equal(expected.Count, total);
                Assert.Equal(Show(expected), Show(unpacked));
            }
        }
    }

    [Fact]
    public void A_merge_into_a_larger_pooled_buffer_writes_the_same_value_into_its_first_bytes()
    {
        var stored = Packed(3, Item(1, 0.1f), Item(2, 0.2f), Item(3, 0.3f));
        var buffer = Enumerable.Repeat((byte)0xEE, 4096).ToArray();

        var (merged, length, threshold) = PackedFeed.MergeInto(stored, [Item(4, 0.25f), Item(2, 0.05f)], 3, _ => buffer)!.Value;

        Assert.Same(buffer, merged);
        Assert.Equal(PackedFeed.BytesUpTo(3), length);
        Assert.Equal(0.1f, threshold);
        Assert.Equal(Show([Item(3, 0.3f), Item(4, 0.25f), Item(1, 0.1f)]), Show(PackedFeed.Unpack(merged.AsSpan(0, length))!.Value.Items));
        Assert.All(merged[length..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void A_page_is_read_from_the_first_bytes_of_a_value_which_say_how_long_the_whole_feed_is()
    {
        var value = Packed(10, Item(1, 0.1f), Item(2, 0.2f), Item(3, 0.3f), Item(4, 0.4f));

        var (page, total) = PackedFeed.Unpack(value.AsSpan(0, PackedFeed.BytesUpTo(3)), offset: 1, take: 2)!.Value;

        Assert.Equal(4, total);
        Assert.Equal(Show([Item(3, 0.3f), Item(2, 0.2f)]), Show(page));
        Assert.Empty(PackedFeed.Unpack(value, offset: 4, take: 2)!.Value.Items);
    }

    [Fact]
    public void Bytes_that_are_not_a_whole_feed_are_refused()
    {
        var value = Packed(10, Item(1, 0.1f), Item(2, 0.2f));

        Assert.True(PackedFeed.IsWhole(value));
        Assert.False(PackedFeed.IsWhole(value.AsSpan(0, value.Length - 1)));
        Assert.Null(PackedFeed.Merge(value.AsSpan(0, value.Length - PackedFeed.EntrySize), [Item(3, 0.3f)], 10));
        Assert.Null(PackedFeed.Merge("twelve bytes"u8, [Item(3, 0.3f)], 10));
        Assert.Null(PackedFeed.Unpack(value.AsSpan(0, value.Length - 5)));
        Assert.Null(PackedFeed.Unpack("short"u8));
    }

    [Fact]
    public void Taking_a_paper_out_keeps_the_others_in_order_and_a_paper_that_is_not_there_changes_nothing()
    {
        var value = Packed(10, Item(1, 0.1f), Item(2, 0.2f), Item(3, 0.3f));

        var without = PackedFeed.Without(value, 2)!;

        Assert.Equal(Show([Item(3, 0.3f), Item(1, 0.1f)]), Show(PackedFeed.Unpack(without)!.Value.Items));
        Assert.Null(PackedFeed.Without(value, 9));
    }

    [Fact]
    public void Every_write_carries_a_token_of_its_own()
    {
        var first = Packed(10, Item(1, 0.1f));

        var second = PackedFeed.Merge(first, [Item(2, 0.2f)], 10)!.Value.Value;
        var third = PackedFeed.Without(second, 1)!;

        Assert.NotEqual(PackedFeed.TokenOf(first), PackedFeed.TokenOf(second));
        Assert.NotEqual(PackedFeed.TokenOf(second), PackedFeed.TokenOf(third));
    }

    [Fact]
    public void Bare_entries_read_back_as_the_items_written_and_partial_entries_are_refused()
    {
        FeedItem[] items = [Item(9, 0.3f), Item(4, 0.7f)];

        var entries = PackedFeed.EntriesOf(items);

        Assert.Equal(2 * PackedFeed.EntrySize, entries.Length);
        Assert.Equal(Show(items), Show(PackedFeed.ItemsOf(entries)!));
        Assert.Null(PackedFeed.ItemsOf(entries.AsSpan(1)));
    }

    [Fact]
    public void Positions_keep_all_forty_bits_and_a_position_that_does_not_fit_is_refused_not_cut()
    {
        var largest = Item(PackedFeed.MaxPosition, 0.5f);

        Assert.Equal(PackedFeed.MaxPosition, PackedFeed.ItemsOf(PackedFeed.EntriesOf([largest]))![0].Position);
        Assert.Equal(PackedFeed.MaxPosition, PackedFeed.Unpack(Packed(3, largest, Item(1L << 32, 0.4f)))!.Value.Items[0].Position);
        Assert.Equal(1L << 32, PackedFeed.Unpack(Packed(3, largest, Item(1L << 32, 0.4f)))!.Value.Items[1].Position);
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedFeed.EntriesOf([Item(PackedFeed.MaxPosition + 1, 0.5f)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedFeed.EntriesOf([Item(-1, 0.5f)]));
    }
}
