// One copy per silo of each subscriber's ranking inputs and feed threshold, shared by every
// topic on the silo that the user follows: a user following three topics costs one vector, and
// a threshold learned by one topic's write spares the others useless writes. Entries keep only
// what scoring reads (no copy of the profile record), with topic ids shared silo-wide.
using System.Collections.Concurrent;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Grains.Feeds;
using Recommender.Grains.Users;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;

namespace Recommender.Grains.Subscriptions;

public sealed class SubscriberPool(RankerVariants variants)
{
    private readonly ConcurrentDictionary<string, Subscriber> subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> topicIds = new(StringComparer.Ordinal);

    /// <summary>The silo's entry for this user, holding the newer of the pooled and the given inputs.</summary>
    public Subscriber Intern(SubscriberProfile profile)
    {
        var entry = subscribers.GetOrAdd(profile.UserId, static (id, arg) => arg.Pool.Create(id, arg.Profile), (Pool: this, Profile: profile));
        entry.Update(profile, this);
        return entry;
    }

    private Subscriber Create(string userId, SubscriberProfile profile)
    {
        var variant = variants.IndexOf(userId);
        // Taken as scored by the ranker serving now: a feed a swap left behind is re-scored when it is
        // next read (FeedReader), and that rebuild tells the topics (Subscriber.Rescored).
        var tag = RankerTags.Of(variants.All[variant].Source.Current.Descriptor);
        return new Subscriber(userId, Inputs(profile), variant, tag);
    }

    internal SubscriberInputs Inputs(SubscriberProfile profile)
    {
        var interests = InterestCentroids.ForScoring(profile);
        return new SubscriberInputs(
            // Scoring reads the mean only for users without several interests: the others' pooled copy spares it.
            interests is null ? HalfVector.Of(profile.Interest) : HalfVector.Empty,
            HalfVector.Of(profile.Negative),
            profile.PositiveFeedback,
            new TopicSet(profile.FollowedTopics.Select(id => topicIds.GetOrAdd(id, id)).ToArray()),
            profile.Excluded.Count == 0 ? null : profile.Excluded.ToHashSet(StringComparer.Ordinal),
            profile.Version,
            EncoderIds.Of(profile.Encoder))
        {
            Interests = interests,
        };
    }
}

/// <summary>What scoring reads of a user's inputs, replaced as a whole when they change.</summary>
public sealed record SubscriberInputs(
    HalfVector Interest,
    HalfVector Negative,
    int PositiveFeedback,
    TopicSet FollowedTopics,
    IReadOnlySet<string>? Hidden,
    long Version,
    string Encoder)
{
    /// <summary>The user's several interests, normalized and packed once per change of inputs; null: <see cref="Interest"/> serves alone.</summary>
    public InterestSet? Interests { get; init; }

    /// <summary>Starts loading what scoring reads (vectors, followed topics) into the cache: see <see cref="CacheLines"/>.</summary>
    public void Prefetch()
    {
        Interests?.Prefetch();
        Interest.Prefetch();
        Negative.Prefetch();
        FollowedTopics.Prefetch();
    }
}

/// <summary>A subscriber as topics score it.</summary>
/// <param name="variant">The user's ranker variant (index in <see cref="RankerVariants.All"/>; fixed by the user's id).</param>
/// <param name="feedTag">The ranker that last scored the user's whole stored feed, as far as this silo knows.</param>
public sealed class Subscriber(string userId, SubscriberInputs inputs, int variant = 0, ushort feedTag = 0)
{
    private volatile SubscriberInputs inputs = inputs;
    private int feedTag = feedTag;

    public string UserId { get; } = userId;

    /// <summary>Where the feed store keeps this user's feed, if it keeps it in this process (<see cref="Storage.Feeds.FeedSlot"/>).</summary>
    public Storage.Feeds.FeedSlot FeedSlot { get; } = new();

    public int Variant { get; } = variant;

    /// <summary>
    /// The ranker whose scores fill the stored feed. A threshold the store reports is a score of that
    /// feed, so it is learned only when this is the ranker scoring now: after a swap, new scores are
    /// never compared with thresholds made of old ones until the feed has been re-scored whole.
    /// </summary>
    public ushort FeedTag => (ushort)Volatile.Read(ref feedTag);

    /// <summary>The user's feed was rebuilt whole by the ranker of <paramref name="tag"/>: its old threshold says nothing now.</summary>
    public void Rescored(ushort tag)
    {
        Volatile.Write(ref feedTag, tag);
        Threshold = (float.NegativeInfinity, 0);
    }

    public SubscriberInputs Inputs => inputs;

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

    internal void Update(SubscriberProfile newer, SubscriberPool pool)
    {
        lock (this)
        {
            if (newer.Version <= inputs.Version)
            {
                return;
            }
            inputs = pool.Inputs(newer);
            // The feed was rebuilt with the new inputs: its old threshold says nothing now.
            Threshold = (float.NegativeInfinity, 0);
        }
    }
}

/// <summary>A user's few followed topics: a linear look-up over shared strings costs less than a hash set per user.</summary>
public sealed class TopicSet(string[] ids) : IReadOnlySet<string>
{
    public int Count => ids.Length;

    public bool Contains(string item) => Array.IndexOf(ids, item) >= 0;

    public void Prefetch() => CacheLines.Prefetch<string>(ids);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)ids).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => ids.ToHashSet(StringComparer.Ordinal).IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => ids.ToHashSet(StringComparer.Ordinal).IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => ids.ToHashSet(StringComparer.Ordinal).IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => ids.ToHashSet(StringComparer.Ordinal).IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => other.Any(Contains);

    public bool SetEquals(IEnumerable<string> other) => ids.ToHashSet(StringComparer.Ordinal).SetEquals(other);
}
