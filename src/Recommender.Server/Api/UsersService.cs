using Grpc.Core;
using Recommender.Abstractions;
using Recommender.Abstractions.Users;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class UsersService(IGrainFactory grains) : V1.Users.UsersBase
{
    public override async Task<V1.User> UpsertUser(V1.UpsertUserRequest request, ServerCallContext context)
    {
        var user = request.User ?? throw Invalid("user", "is required");
        var id = UserId(user.Id, "user.id");
        var email = Text(user.Email, "user.email", 254, required: false);
        if (email.Length > 0 && (!email.Contains('@') || email.StartsWith('@') || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
        {
            throw Invalid("user.email", $"'{email}' is not an email address");
        }
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
                V1.DigestCadence.Daily or V1.DigestCadence.Unspecified => DigestCadence.Daily,
                _ => throw Invalid("user.digest", $"unknown value {(int)user.Digest}"),
            },
            SeedPaperIds = user.SeedPaperIds.Select((s, i) => PaperId(s, $"user.seed_paper_ids[{i}]")).ToArray(),
        };
        return (await User(id).Upsert(profile)).ToApi();
    }

    public override async Task<V1.User> GetUser(V1.GetUserRequest request, ServerCallContext context)
    {
        var id = UserId(request.Id, "id");
        var user = await User(id).Get() ?? throw NotFound("id", id);
        return user.ToApi();
    }

    public override async Task<V1.FollowTopicResponse> FollowTopic(V1.FollowTopicRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var topicId = TopicId(request.TopicId, "topic_id");
        var result = await User(userId).Follow(topicId);
        return new V1.FollowTopicResponse { User = result.User.ToApi(), FeedSize = result.FeedSize };
    }

    public override async Task<V1.User> UnfollowTopic(V1.UnfollowTopicRequest request, ServerCallContext context)
    {
        var userId = UserId(request.UserId, "user_id");
        var topicId = TopicId(request.TopicId, "topic_id");
        return (await User(userId).Unfollow(topicId)).ToApi();
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
        return new V1.RecordFeedbackResponse { FeedSize = await User(userId).RecordFeedback(paperId, kind) };
    }

    private IUserGrain User(string id) => grains.GetGrain<IUserGrain>(GrainKeys.User(id));
}
