using Grpc.Core;
using Microsoft.Extensions.Options;
using Recommender.Abstractions;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains;
using Recommender.Server.Digests;
using Recommender.Server.Events;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class UsersService(IGrainFactory grains, DigestStore digests, EventRecorder events, FeedReader feeds, IOptions<RecommenderOptions> options)
    : V1.Users.UsersBase
{
    /// <summary>Topics CreateUser follows in one call at most.</summary>
    public const int MaxTopicsAtCreation = 64;

    public override Task<V1.User> UpsertUser(V1.UpsertUserRequest request, ServerCallContext context) =>
        Upsert(Validated(request.User), context);

    public override async Task<V1.CreateUserResponse> CreateUser(V1.CreateUserRequest request, ServerCallContext context)
    {
        // Everything is checked before anything is written: a refused call leaves no half-made user.
        var user = Validated(request.User);
        if (request.TopicIds.Count > MaxTopicsAtCreation)
        {
            throw Invalid("topic_ids", $"at most {MaxTopicsAtCreation} topics");
        }
        var topicIds = request.TopicIds.Select((t, i) => TopicId(t, $"topic_ids[{i}]")).ToArray();
        if (topicIds.Distinct(StringComparer.Ordinal).Count() > options.Value.MaxFollows)
        {
            throw new CapExceededException("topic_ids", $"a user may follow at most {options.Value.MaxFollows} topics");
        }
        var size = PageSize(request.PageSize, 20, 100);
        for (var i = 0; i < topicIds.Length; i++)
        {
            if (await grains.GetGrain<ITopicGrain>(GrainKeys.Topic(topicIds[i])).GetInfo(0) is null)
            {
                throw NotFound($"topic_ids[{i}]", topicIds[i]);
            }
        }
        var created = await Upsert(user, context);
        if (topicIds.Length > 0)
        {
            // A follow sent again (a retry of the whole call) changes nothing.
            var followed = await User(user.Profile.Id).FollowAll(topicIds);
            created = followed.User.ToApi().WithDigest(await digests.GetSubscriberAsync(user.Profile.Id, context.CancellationToken));
        }
        var page = await feeds.ReadAsync(user.Profile.Id, "", size, context.CancellationToken)
            ?? throw NotFound("user.id", user.Profile.Id);
        var firstPage = FeedsService.ToResponse(page);
        firstPage.Etag = FeedETags.Of(firstPage);
        return new V1.CreateUserResponse { User = created, FirstPage = firstPage };
    }

    /// <summary>A user of UpsertUser or CreateUser, checked field by field.</summary>
    private static ValidUser Validated(V1.User? given)
    {
        var user = given ?? throw Invalid("user", "is required");
        var id = UserId(user.Id, "user.id");
        var email = DigestValidation.Email(user.Email, "user.email");
        var zone = user.TimeZone.Length == 0 ? null : DigestValidation.TimeZone(user.TimeZone, "user.time_zone");
        int? sendHour = user.HasDigestSendHour ? DigestValidation.Hour(user.DigestSendHour, "user.digest_send_hour") : null;
        if (user.SeedPaperIds.Count > MaxSeedPapers)
        {
            throw Invalid("user.seed_paper_ids", $"at most {MaxSeedPapers} seed papers");
        }
        if (user.Keywords.Count > MaxKeywords)
        {
            throw Invalid("user.keywords", $"at most {MaxKeywords} keywords");
        }
        var profile = new UserProfile
        {
            Id = id,
            Email = email,
            DisplayName = Text(user.DisplayName, "user.display_name", 200, required: false),
            Digest = user.Digest switch
            {
                V1.DigestCadence.Never => DigestCadence.Never,
                V1.DigestCadence.Weekly => DigestCadence.Weekly,
                V1.DigestCadence.Daily => DigestCadence.Daily,
                // Daily for a new user; an existing user keeps the current cadence (below), so editing a name never resubscribes someone who left.
                V1.DigestCadence.Unspecified => DigestCadence.Daily,
                _ => throw Invalid("user.digest", $"unknown value {(int)user.Digest}"),
            },
            SeedPaperIds = user.SeedPaperIds.Select((s, i) => PaperId(s, $"user.seed_paper_ids[{i}]")).ToArray(),
            Keywords = user.Keywords.Select((k, i) => Text(k, $"user.keywords[{i}]", 100)).Distinct(StringComparer.Ordinal).ToArray(),
        };
        return new ValidUser(profile, user.Digest, zone, sendHour);
    }

    private async Task<V1.User> Upsert(ValidUser user, ServerCallContext context)
    {
        var (profile, cadence, zone, sendHour) = user;
        var id = profile.Id;
        var current = await digests.GetSubscriberAsync(id, context.CancellationToken);
        if (cadence == V1.DigestCadence.Unspecified && current is not null)
        {
            profile = profile with { Digest = current.Cadence };
        }
        var saved = await User(id).Upsert(profile);
        var settings = DigestSettings.Merge(current, saved, zone, sendHour);
        await digests.SaveSubscriberAsync(settings, context.CancellationToken);
        if (current is not null && current.Cadence != DigestCadence.Never && settings.Cadence == DigestCadence.Never)
        {
            await events.DigestUnsubscribedAsync(id, "app", context.CancellationToken);
        }
        return saved.ToApi().WithDigest(settings);
    }

    public override async Task<V1.User> GetUser(V1.GetUserRequest request, ServerCallContext context)
    {
        var id = UserId(request.Id, "id");
        var user = await User(id).Get() ?? throw NotFound("id", id);
        return user.ToApi().WithDigest(await digests.GetSubscriberAsync(id, context.CancellationToken));
    }

    public override async Task<V1.FollowTopicResponse> FollowTopic(V1.FollowTopicRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var topicId = TopicId(request.TopicId, "topic_id");
        var result = await User(userId).Follow(topicId);
        var digest = await digests.GetSubscriberAsync(userId, context.CancellationToken);
        return new V1.FollowTopicResponse { User = result.User.ToApi().WithDigest(digest), FeedSize = result.FeedSize };
    }

    public override async Task<V1.User> UnfollowTopic(V1.UnfollowTopicRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var topicId = TopicId(request.TopicId, "topic_id");
        var wasFollowing = (await User(userId).Get())?.FollowedTopics.Contains(topicId) == true;
        var user = await User(userId).Unfollow(topicId);
        if (wasFollowing)
        {
            await events.TopicUnfollowedAsync(userId, topicId, context.CancellationToken);
        }
        return user.ToApi().WithDigest(await digests.GetSubscriberAsync(userId, context.CancellationToken));
    }

    public override async Task<V1.RecordFeedbackResponse> RecordFeedback(V1.RecordFeedbackRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var paperId = PaperId(request.PaperId, "paper_id");
        var kind = request.Kind switch
        {
            V1.FeedbackKind.Click => FeedbackKind.Click,
            V1.FeedbackKind.Upvote => FeedbackKind.Upvote,
            V1.FeedbackKind.Save => FeedbackKind.Save,
            V1.FeedbackKind.Hide => FeedbackKind.Hide,
            _ => throw Invalid("kind", "must be CLICK, UPVOTE, SAVE or HIDE"),
        };
        var feedSize = await User(userId).RecordFeedback(paperId, kind);
        await events.FeedbackAsync(userId, paperId, kind.ToString().ToLowerInvariant(), "app", context.CancellationToken);
        return new V1.RecordFeedbackResponse { FeedSize = feedSize };
    }

    private IUserGrain User(string id) => grains.GetGrain<IUserGrain>(GrainKeys.User(id));

    private sealed record ValidUser(UserProfile Profile, V1.DigestCadence Cadence, string? Zone, int? SendHour);
}
