// One copy per silo of each subscriber's ranking inputs and feed threshold, shared by every
// topic on the silo that the user follows: a user following three topics costs one vector, and
// a threshold learned by one topic's write spares the others useless writes.
using System.Collections.Concurrent;
using Recommender.Abstractions.Topics;
using Recommender.Storage.Subscriptions;

namespace Recommender.Grains.Subscriptions;

public sealed class SubscriberPool
{
    private readonly ConcurrentDictionary<string, Subscriber> subscribers = new(StringComparer.Ordinal);

    /// <summary>The silo's entry for this user, holding the newer of the pooled and the given inputs.</summary>
    public Subscriber Intern(SubscriberProfile profile)
    {
        var entry = subscribers.GetOrAdd(profile.UserId, _ => new Subscriber(profile));
        entry.Update(profile);
        return entry;
    }
}

/// <summary>A subscriber as topics score it.</summary>
public sealed class Subscriber(SubscriberProfile profile)
{
    private volatile SubscriberProfile profile = profile;
    private volatile HashSet<string> followed = profile.FollowedTopics.ToHashSet(StringComparer.Ordinal);
    private volatile HashSet<string>? excluded = Excluded(profile);

    public SubscriberProfile Profile => profile;

    public IReadOnlySet<string> FollowedTopics => followed;

    /// <summary>Papers hidden by the user, or null when there are none.</summary>
    public IReadOnlySet<string>? Hidden => excluded;

    private long threshold = Pack(float.NegativeInfinity, 0);

    /// <summary>The score a paper must beat to enter the feed, as the feed store last reported it, and the ranker that scored it.</summary>
    /// <remarks>Packed in one long: topics on several threads read and write it, and a torn pair could skip a paper wrongly.</remarks>
    public (float Score, ushort RankerTag) Threshold
    {
        get
        {
            var packed = Interlocked.Read(ref threshold);
            return (BitConverter.Int32BitsToSingle((int)(packed >> 16)), (ushort)packed);
        }
        set => Interlocked.Exchange(ref threshold, Pack(value.Score, value.RankerTag));
    }

    private static long Pack(float score, ushort tag) => ((long)BitConverter.SingleToInt32Bits(score) << 16) | tag;

    public void Update(SubscriberProfile newer)
    {
        lock (this)
        {
            if (newer.Version <= profile.Version && !ReferenceEquals(newer, profile))
            {
                return;
            }
            followed = newer.FollowedTopics.ToHashSet(StringComparer.Ordinal);
            excluded = Excluded(newer);
            profile = newer;
            // The feed was rebuilt with the new inputs: its old threshold says nothing now.
            Threshold = (float.NegativeInfinity, 0);
        }
    }

    private static HashSet<string>? Excluded(SubscriberProfile profile) =>
        profile.Excluded.Count == 0 ? null : profile.Excluded.ToHashSet(StringComparer.Ordinal);
}
