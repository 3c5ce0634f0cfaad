// Feeds.RecordImpressions: validates a batch of what the app showed, builds one impression line per
// paper (features for the pair from the user's saved ranking inputs and the paper, computed by the
// same PairFeatures code the ranker uses; the stored feed entry's scores when the paper is in the
// feed; the exploration flag and propensity the client echoes from GetFeed), and hands seen marks,
// lines and batch id to the seen store as one transaction.
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains;
using Recommender.Grains.Feeds;
using Recommender.Grains.Scoring;
using Recommender.Grains.Telemetry;
using Recommender.Grains.Users;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Recommender.Server.Events;
using Recommender.Storage.Feeds;
using Recommender.Storage.Papers;
using Recommender.Storage.Seen;
using Recommender.Storage.Subscriptions;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed partial class ImpressionRecorder(
    IGrainFactory grains, ISeenStore seen, IPaperStore papers, ISubscriptionStore inputs, IFeedStore feeds,
    FeedScorer scorer, IOptions<RecommenderOptions> options, RecommenderMetrics metrics, TimeProvider clock)
{
    public const int MaxImpressions = 100;
    public const int MaxPosition = 1_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex ImpressionIdPattern();

    public async Task<V1.RecordImpressionsResponse> RecordAsync(V1.RecordImpressionsRequest request, CancellationToken cancellationToken)
    {
        var userId = UserId(request.UserId, "user_id");
        var batchId = ImpressionId(request.ImpressionId);
        var shown = Validate(request.Impressions);
        var now = clock.GetUtcNow();
        var shownAt = ShownAt(request, now);

        _ = await grains.GetGrain<IUserGrain>(GrainKeys.User(userId)).Get() ?? throw NotFound("user_id", userId);
        var stored = (await papers.GetAsync(shown.Select(s => s.PaperId).ToArray(), cancellationToken)).ToDictionary(p => p.Paper.Id);
        for (var i = 0; i < shown.Length; i++)
        {
            if (!stored.ContainsKey(shown[i].PaperId))
            {
                throw NotFound($"impressions[{i}].paper_id", shown[i].PaperId);
            }
        }
        var profile = await inputs.InputsAsync(userId, cancellationToken);
        var feed = await feeds.ReadAsync(userId, 0, options.Value.FeedSize, cancellationToken);
        var inFeed = feed?.Items.ToDictionary(i => i.Position) ?? [];
        var variant = scorer.Variants.Of(userId);
        var current = variant.Source.Current.Descriptor.Version;

        var lines = shown.Select(s =>
        {
            var paper = stored[s.PaperId];
            var entry = inFeed.TryGetValue(paper.Position, out var item) ? item : (FeedItem?)null;
            return EventLines.Impression(new ImpressionLine
            {
                Ts = shownAt,
                UserId = userId,
                PaperId = s.PaperId,
                Features = Features(profile, paper),
                Variant = variant.Name,
                RankerVersion = entry is { } e && RankerTags.DescriptorOf(e.Details.RankerTag).Version is { Length: > 0 } scoredBy ? scoredBy : current,
                Position = s.Position,
                ImpressionId = batchId,
                InFeed = entry is not null,
                Score = entry?.Score,
                TaskScores = entry is { } scored ? TaskScores(scored) : null,
                ScoredInterestSimilarity = entry is { } withSimilarity ? (float)withSimilarity.Details.InterestSimilarity : null,
                Exploratory = s.Propensity is null ? null : s.Exploratory,
                Propensity = s.Propensity,
            });
        }).ToArray();

        var recorded = await seen.RecordImpressionsAsync(
            new ImpressionBatch(userId, batchId, shownAt, shown.Select(s => s.PaperId).ToArray(), lines), cancellationToken);
        if (recorded)
        {
            metrics.EventsLogged(lines.Length);
        }
        return new V1.RecordImpressionsResponse { AlreadyRecorded = !recorded, Recorded = recorded ? lines.Length : 0 };
    }

    private static string ImpressionId(string value) =>
        value.Length > 0 && ImpressionIdPattern().IsMatch(value)
            ? value
            : throw Invalid("impression_id", value.Length == 0 ? "must not be empty" : $"'{Shorten(value)}' is not valid: 1-64 letters, digits or . _ : -, starting with a letter or digit");

    private static (string PaperId, int Position, bool Exploratory, double? Propensity)[] Validate(IReadOnlyList<V1.Impression> impressions)
    {
        if (impressions.Count is 0 or > MaxImpressions)
        {
            throw Invalid("impressions", $"must hold 1 to {MaxImpressions} papers; got {impressions.Count}");
        }
        var ids = new HashSet<string>();
        return impressions.Select((impression, i) =>
        {
            var paperId = PaperId(impression.PaperId, $"impressions[{i}].paper_id");
            if (!ids.Add(paperId))
            {
                throw Invalid($"impressions[{i}].paper_id", $"'{Shorten(paperId)}' appears twice in this batch");
            }
            if (impression.Position is < 1 or > MaxPosition)
            {
                throw Invalid($"impressions[{i}].position", $"must be between 1 and {MaxPosition}; got {impression.Position}");
            }
            // 0 is proto3's "not sent": a client that knows no propensities logs none.
            if (!double.IsFinite(impression.Propensity) || impression.Propensity is < 0 or > 1)
            {
                throw Invalid($"impressions[{i}].propensity", $"must be between 0 (unknown) and 1; got {impression.Propensity}");
            }
            if (impression.Exploratory && impression.Propensity == 0)
            {
                throw Invalid($"impressions[{i}].propensity", "an exploratory impression needs the propensity GetFeed gave with it");
            }
            return (paperId, impression.Position, impression.Exploratory, impression.Propensity > 0 ? impression.Propensity : (double?)null);
        }).ToArray();
    }

    private static DateTimeOffset ShownAt(V1.RecordImpressionsRequest request, DateTimeOffset now)
    {
        if (request.ShownAt is null)
        {
            return now;
        }
        // Checked before converting: ToDateTimeOffset throws on seconds or nanos out of range.
        var seconds = request.ShownAt.Seconds;
        var earliest = (now - MaxAge).ToUnixTimeSeconds();
        var latest = (now + MaxAhead).ToUnixTimeSeconds();
        if (seconds < earliest || seconds > latest || request.ShownAt.Nanos is < 0 or > 999_999_999)
        {
            throw Invalid("shown_at", $"must be within {MaxAge.TotalDays:0} days before and {MaxAhead.TotalMinutes:0} minutes after the server's clock");
        }
        return request.ShownAt.ToDateTimeOffset();
    }

    /// <summary>The pair's features as the ranker would build them now; with no saved inputs the user's vectors are empty (similarities 0).</summary>
    private static Dictionary<string, float> Features(SubscriberProfile? profile, StoredPaper paper)
    {
        var user = new UserSignals(HalfVector.Of(profile?.Interest), HalfVector.Of(profile?.Negative), profile?.PositiveFeedback ?? 0,
            (profile?.FollowedTopics ?? []).ToHashSet(), EncoderIds.Of(profile?.Encoder))
        {
            Interests = profile is null ? null : InterestCentroids.ForScoring(profile),
        };
        Span<float> row = stackalloc float[PairFeatures.Count];
        PairFeatures.Write(user, FeedScorer.Signals(paper.ToRouted()), row);
        var features = new Dictionary<string, float>(PairFeatures.Count);
        for (var i = 0; i < PairFeatures.Count; i++)
        {
            features[PairFeatures.Names[i]] = row[i];
        }
        return features;
    }

    private static Dictionary<string, float> TaskScores(FeedItem item)
    {
        var ranker = RankerTags.DescriptorOf(item.Details.RankerTag);
        var scores = new Dictionary<string, float>();
        for (var t = 0; t < Math.Min(ranker.TaskNames.Count, Storage.Feeds.TaskScores.Capacity); t++)
        {
            scores[ranker.TaskNames[t]] = (float)item.Details.Scores[t];
        }
        return scores;
    }
}
