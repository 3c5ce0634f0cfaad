// Who may call what: one row per RPC (gRPC method path; REST routes transcode to the same methods).
// An RPC that is missing here is refused for everyone (fail closed): add a row when adding an RPC;
// Auth/CallerAccessTests fails for any method of any service that has no row.
using System.Security.Claims;
using Google.Protobuf;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Api;
using static Recommender.Server.Auth.Roles;

namespace Recommender.Server.Auth;

public static class CallerAccess
{
    /// <summary>The literal accepted wherever a user id is expected: the caller's own id (its "sub").</summary>
    public const string Me = "me";

    public static readonly IReadOnlyDictionary<string, AccessRule> Rules = new Dictionary<string, AccessRule>(StringComparer.Ordinal)
    {
        ["/recommender.v1.Papers/Publish"] = AccessRule.For(Publisher),
        ["/recommender.v1.Papers/GetPaper"] = AccessRule.AnyCaller(),
        ["/recommender.v1.Papers/GetFanOutStatus"] = AccessRule.AnyCaller(),
        // Bulk export of the catalogue (topic discovery).
        ["/recommender.v1.Papers/ListPaperVectors"] = AccessRule.For(Service),

        // Rewrites the catalogue's vectors: the operator's call.
        ["/recommender.v1.Catalogue/ReencodePapers"] = AccessRule.AdminOnly(),
        ["/recommender.v1.Catalogue/ReencodeUsers"] = AccessRule.AdminOnly(),

        ["/recommender.v1.Topics/CreateTopic"] = AccessRule.AdminOnly(),
        ["/recommender.v1.Topics/ListTopics"] = AccessRule.AnyCaller(),
        ["/recommender.v1.Topics/GetTopic"] = AccessRule.AnyCaller(),

        ["/recommender.v1.Users/UpsertUser"] = AccessRule.OwnUser<UpsertUserRequest>("user.id", r => r.User?.Id, (r, v) => r.User.Id = v),
        ["/recommender.v1.Users/CreateUser"] = AccessRule.OwnUser<CreateUserRequest>("user.id", r => r.User?.Id, (r, v) => r.User.Id = v),
        ["/recommender.v1.Users/GetUser"] = AccessRule.OwnUser<GetUserRequest>("id", r => r.Id, (r, v) => r.Id = v),
        ["/recommender.v1.Users/FollowTopic"] = AccessRule.OwnUser<FollowTopicRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v),
        ["/recommender.v1.Users/UnfollowTopic"] = AccessRule.OwnUser<UnfollowTopicRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v),
        ["/recommender.v1.Users/RecordFeedback"] = AccessRule.OwnUser<RecordFeedbackRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v),

        ["/recommender.v1.Feeds/GetFeed"] = AccessRule.OwnUser<GetFeedRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v, Service),
        ["/recommender.v1.Feeds/WatchFeed"] = AccessRule.OwnUser<WatchFeedRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v, Service),
        // The app reports what it showed its own user; a service may report for anyone.
        ["/recommender.v1.Feeds/RecordImpressions"] = AccessRule.OwnUser<RecordImpressionsRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v, Service),

        // Every user's impressions, feedback and unsubscribes: for training pipelines, never a user.
        ["/recommender.v1.Events/ExportEvents"] = AccessRule.For(Service),

        // What ranks every feed: the operator's call.
        ["/recommender.v1.Models/PromoteModel"] = AccessRule.AdminOnly(),
        ["/recommender.v1.Models/ListModels"] = AccessRule.AdminOnly(),

        ["/recommender.v1.Digests/ClaimDigests"] = AccessRule.For(Service),
        ["/recommender.v1.Digests/PrepareDigest"] = AccessRule.For(Service),
        ["/recommender.v1.Digests/CompleteDigest"] = AccessRule.For(Service),
        ["/recommender.v1.Digests/ReleaseDigest"] = AccessRule.For(Service),
        ["/recommender.v1.Digests/PreviewDigest"] = AccessRule.OwnUser<PreviewDigestRequest>("user_id", r => r.UserId, (r, v) => r.UserId = v, Service),

        // Probes carry no token.
        ["/grpc.health.v1.Health/Check"] = AccessRule.Open(),
        ["/grpc.health.v1.Health/Watch"] = AccessRule.Open(),
        // The API's shape is no secret (the protos are public), but reflection is still an API call.
        ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = AccessRule.AnyCaller(),
        ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = AccessRule.AnyCaller(),
    };

    /// <summary>
    /// Null when <paramref name="caller"/> may make this call; else the status to answer. Rewrites "me" in the
    /// request's user field to the caller's id. <paramref name="request"/> is null for client-streaming calls.
    /// </summary>
    public static RpcException? Check(string method, ClaimsPrincipal caller, IMessage? request)
    {
        if (!Rules.TryGetValue(method, out var rule))
        {
            return Denied($"{method} has no access rule; it is refused until it gets one in Auth/CallerAccess.cs");
        }
        if (rule.Anonymous)
        {
            return null;
        }
        if (caller.Identity?.IsAuthenticated != true)
        {
            return new RpcException(new Status(StatusCode.Unauthenticated, "a bearer token is required (authorization: Bearer <token>)"));
        }
        var subject = caller.FindFirst("sub")?.Value ?? "";
        var owner = request is null ? null : rule.GetOwner?.Invoke(request);
        if (owner == Me && subject.Length > 0)
        {
            rule.SetOwner!(request!, subject);
            owner = subject;
        }
        if (caller.IsInRole(Admin) || rule.Roles.Any(caller.IsInRole))
        {
            return null;
        }
        if (rule.OwnerField is { } field && caller.IsInRole(Roles.User) && request is not null)
        {
            // An empty field acts on nobody: validation answers INVALID_ARGUMENT naming it.
            return string.IsNullOrEmpty(owner) || (subject.Length > 0 && owner == subject)
                ? null
                : Denied($"{field}: a user token acts only on its own id ('{RequestValidation.Shorten(subject)}', or '{Me}'); got '{RequestValidation.Shorten(owner)}'");
        }
        var allowed = rule.Roles.Append(Admin).Concat(rule.OwnerField is null ? [] : [$"{Roles.User} (own id)"]);
        var held = caller.Claims.Where(c => c.Type == ((ClaimsIdentity)caller.Identity!).RoleClaimType).Select(c => c.Value).ToArray();
        return Denied($"{method} needs the role {string.Join(" or ", allowed)}; the token has {(held.Length == 0 ? "no role" : string.Join(", ", held))}");
    }

    private static RpcException Denied(string message) => new(new Status(StatusCode.PermissionDenied, message));
}
