// The access table against the services' descriptors: every RPC has a row, every row is an RPC,
// a missing row refuses, and the user role acts on its own id only.
using System.Reflection;
using System.Security.Claims;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Server.Auth;

namespace Recommender.Server.Tests.Auth;

public sealed class CallerAccessTests
{
    /// <summary>Every proto file of the API (found by reflection, so a new one is included), health and reflection.</summary>
    public static IEnumerable<MethodDescriptor> EveryMethod() =>
        typeof(Papers).Assembly.GetTypes()
            .Where(t => t.Namespace == "Recommender.Api.V1" && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!)
            .Append(Grpc.Health.V1.HealthReflection.Descriptor)
            .Append(Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor)
            .Append(Grpc.Reflection.V1.ReflectionReflection.Descriptor)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods);

    private static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    [Fact]
    public void Every_method_of_every_service_has_a_row_in_the_access_table()
    {
        var methods = EveryMethod().Select(PathOf).ToArray();

        Assert.Contains("/recommender.v1.Feeds/GetFeed", methods);
        var missing = methods.Where(m => !CallerAccess.Rules.ContainsKey(m)).ToArray();
        Assert.True(missing.Length == 0, "no access rule for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_row_of_the_access_table_names_a_method_that_exists()
    {
        var methods = EveryMethod().Select(PathOf).ToHashSet();

        var stale = CallerAccess.Rules.Keys.Where(m => !methods.Contains(m)).ToArray();
        Assert.True(stale.Length == 0, "rows for no method: " + string.Join(", ", stale));
    }

    [Fact]
    public void Only_health_is_open_without_a_token()
    {
        Assert.All(CallerAccess.Rules.Where(r => r.Value.Anonymous), r => Assert.StartsWith("/grpc.health.v1.Health/", r.Key));
    }

    [Fact]
    public void A_method_missing_from_the_table_is_refused_even_to_an_admin()
    {
        var refusal = CallerAccess.Check("/recommender.v1.Feeds/SomethingNew", Caller("root", Roles.Admin), new GetFeedRequest());

        Assert.Equal(StatusCode.PermissionDenied, refusal?.StatusCode);
        Assert.Contains("CallerAccess", refusal!.Status.Detail);
    }

    [Fact]
    public void A_user_token_may_act_on_its_own_id_and_on_me_which_becomes_its_id()
    {
        var own = new GetFeedRequest { UserId = "alice" };
        var me = new GetFeedRequest { UserId = "me" };

        Assert.Null(CallerAccess.Check("/recommender.v1.Feeds/GetFeed", Caller("alice", Roles.User), own));
        Assert.Null(CallerAccess.Check("/recommender.v1.Feeds/GetFeed", Caller("alice", Roles.User), me));
        Assert.Equal("alice", me.UserId);
    }

    [Fact]
    public void A_user_token_on_another_users_id_is_permission_denied_naming_the_field()
    {
        var refusal = CallerAccess.Check("/recommender.v1.Users/UpsertUser", Caller("mallory", Roles.User), new UpsertUserRequest { User = new User { Id = "alice" } });

        Assert.Equal(StatusCode.PermissionDenied, refusal?.StatusCode);
        Assert.StartsWith("user.id:", refusal!.Status.Detail);
    }

    [Fact]
    public void A_service_token_reads_any_feed_but_may_not_change_a_user()
    {
        Assert.Null(CallerAccess.Check("/recommender.v1.Feeds/GetFeed", Caller("digests", Roles.Service), new GetFeedRequest { UserId = "alice" }));
        Assert.Equal(StatusCode.PermissionDenied,
            CallerAccess.Check("/recommender.v1.Users/FollowTopic", Caller("digests", Roles.Service), new FollowTopicRequest { UserId = "alice", TopicId = "t" })?.StatusCode);
    }

    [Fact]
    public void No_authenticated_identity_is_unauthenticated()
    {
        var refusal = CallerAccess.Check("/recommender.v1.Topics/ListTopics", new ClaimsPrincipal(new ClaimsIdentity()), new ListTopicsRequest());

        Assert.Equal(StatusCode.Unauthenticated, refusal?.StatusCode);
    }

    private static ClaimsPrincipal Caller(string subject, string role) =>
        new(new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)], "test", "sub", "role"));
}
