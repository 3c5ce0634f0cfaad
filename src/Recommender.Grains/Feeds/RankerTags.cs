// Feeds store a 16-bit tag per entry instead of the ranker's version string; this maps tags back.
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Recommender.Ranking.Scoring;
using Recommender.Storage.Feeds;

namespace Recommender.Grains.Feeds;

public static class RankerTags
{
    private static readonly ConcurrentDictionary<ushort, RankerDescriptor> Known = new();
    private static readonly RankerDescriptor Unknown = new("", [], []);

    /// <summary>The tag of a ranker (a hash of its version, so every silo and every restart agrees); remembers it for <see cref="DescriptorOf"/>.</summary>
    public static ushort Of(RankerDescriptor ranker)
    {
        var tag = (ushort)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(ranker.Version));
        Known.TryAdd(tag, ranker);
        return tag;
    }

    /// <summary>The ranker of a tag this process has ranked with; an empty descriptor for one it never loaded.</summary>
    public static RankerDescriptor DescriptorOf(ushort tag) => Known.GetValueOrDefault(tag, Unknown);
}
