// One paper in a user's stored feed, kept compact (28 bytes) because feeds are the bulk of the
// service's memory: 100 entries for each of 100,000 users.
using System.Runtime.InteropServices;
using Recommender.Abstractions.Feeds;

namespace Recommender.Storage.Feeds;

// Packed to 4 bytes: the long would otherwise pad every entry to 32.
[StructLayout(LayoutKind.Sequential, Pack = 4)]
/// <param name="Position">The paper's catalogue position (its summary is stored once, not per user).</param>
/// <param name="Score">The combined ranking score; feeds are ordered by it, then by position (newer first).</param>
public readonly record struct FeedItem(long Position, float Score, FeedDetails Details);

/// <summary>Why a paper is in a feed and how each head scored it, in 16 bytes.</summary>
/// <param name="RankerTag">Identifies the ranker version (<see cref="RankerTags"/>).</param>
/// <param name="FollowedTopicMask">Bit i: the paper's i-th routed topic is one the user follows.</param>
/// <param name="InterestSimilarity">Similarity of the paper to the user's interests.</param>
/// <param name="Source">Which recall source brought it: the byte beside the mask, which was padding before.</param>
[StructLayout(LayoutKind.Sequential, Pack = 2)]
public readonly record struct FeedDetails(ushort RankerTag, byte FollowedTopicMask, FeedSource Source, Half InterestSimilarity, TaskScores Scores)
{
    public const int Size = 16;

    public void WriteTo(Span<byte> target)
    {
        BitConverter.TryWriteBytes(target, RankerTag);
        target[2] = FollowedTopicMask;
        target[3] = (byte)Source;
        BitConverter.TryWriteBytes(target[4..], InterestSimilarity);
        for (var i = 0; i < TaskScores.Capacity; i++)
        {
            BitConverter.TryWriteBytes(target[(6 + 2 * i)..], Scores[i]);
        }
    }

    public static FeedDetails ReadFrom(ReadOnlySpan<byte> source)
    {
        var scores = new TaskScores();
        for (var i = 0; i < TaskScores.Capacity; i++)
        {
            scores[i] = BitConverter.ToHalf(source[(6 + 2 * i)..]);
        }
        return new FeedDetails(BitConverter.ToUInt16(source), source[2], (FeedSource)source[3], BitConverter.ToHalf(source[4..]), scores);
    }
}

/// <summary>Up to five per-head scores, stored at half precision (three significant digits are what a client shows).</summary>
[System.Runtime.CompilerServices.InlineArray(Capacity)]
public struct TaskScores
{
    public const int Capacity = 5;
    private Half first;
}
