using Grpc.Core;
using Recommender.Abstractions;
using Recommender.Abstractions.Users;
using Recommender.Server.Digests;
using Recommender.Server.Events;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class UsersService(IGrainFactory grains, DigestStore digests, EventRecorder events) : V1.Users.UsersBase
{
    public override async Task<V1.User> UpsertUser(V1.UpsertUserRequest request, ServerCallContext context)
    {
        var user = request.User ?? throw Invalid("user", "is required");
        var id = UserId(user.Id, "user.id");
        var email = DigestValidation.Email(user.Email, "user.email");
        var zone = user.TimeZone.Length == 0 ? null : DigestValidation.TimeZone(user.TimeZone, "user.time_zone");
        int? sendHour = user.HasDigestSendHour ? DigestValidation.Hour(user.DigestSendHour, "user.digest_send_hour") : null;
        if (user.SeedPaperIds.Count > MaxSeedPapers)
        {
            throw Invalid("user.seed_paper_ids", $"at most {MaxSeedPapers} seed papers");
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
        };
        var current = await digests.GetSubscriberAsync(id, context.CancellationToken);
        if (user.Digest == V1.DigestCadence.Unspecified && current is not null)
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
}
