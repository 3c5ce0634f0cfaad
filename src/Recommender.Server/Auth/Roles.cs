// The roles a token can carry (claim "role"), and what each one is for.
namespace Recommender.Server.Auth;

public static class Roles
{
    /// <summary>An app user: acts on its own user id only (its "sub", or the literal "me").</summary>
    public const string User = "user";
    /// <summary>An ingest client: publishes papers.</summary>
    public const string Publisher = "publisher";
    /// <summary>A back-end service such as the digest generator: reads any user's feed, runs the digest ledger.</summary>
    public const string Service = "service";
    /// <summary>An operator: everything, topics and the dashboard included.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [User, Publisher, Service, Admin];
}
