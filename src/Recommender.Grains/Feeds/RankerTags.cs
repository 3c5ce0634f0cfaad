// Feeds store a 16-bit tag per entry instead of the ranker's version string; this maps tags back.
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;
using Recommender.Ranking.Scoring;

namespace Recommender.Grains.Feeds;

public static class RankerTags
{
    private static readonly ConcurrentDictionary<ushort, RankerDescriptor> Known = new();
    private static readonly ConcurrentDictionary<ushort, int> ClickHeads = new();
    private static readonly RankerDescriptor Unknown = new("", [], []);

    /// <summary>Tags by descriptor instance: every feed read and fan-out chunk asks for the serving ranker's tag, so it is hashed once per ranker.</summary>
    private static readonly ConditionalWeakTable<RankerDescriptor, StrongBox<ushort>> Tags = new();

    /// <summary>The tag of a ranker (a hash of its version, so every silo and every restart agrees); remembers it for <see cref="DescriptorOf"/>.</summary>
    public static ushort Of(RankerDescriptor ranker) => Tags.GetValue(ranker, static descriptor =>
    {
        var tag = (ushort)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(descriptor.Version));
        Known.TryAdd(tag, descriptor);
        return new StrongBox<ushort>(tag);
    }).Value;

    /// <summary>The ranker of a tag this process has ranked with; an empty descriptor for one it never loaded.</summary>
    public static RankerDescriptor DescriptorOf(ushort tag) => Known.GetValueOrDefault(tag, Unknown);

    /// <summary>The index of the ranker's "click" head, else its first head (0); -1 for a ranker without heads or one never loaded.</summary>
    public static int ClickHeadOf(ushort tag) =>
        ClickHeads.TryGetValue(tag, out var head) ? head
        : Known.TryGetValue(tag, out var ranker) ? ClickHeads.GetOrAdd(tag, ClickHead(ranker.TaskNames))
        : -1;

    private static int ClickHead(IReadOnlyList<string> tasks)
    {
        for (var t = 0; t < Math.Min(tasks.Count, Storage.Feeds.TaskScores.Capacity); t++)
        {
            if (tasks[t] == "click")
            {
                return t;
            }
        }
        return tasks.Count > 0 ? 0 : -1;
    }
}
