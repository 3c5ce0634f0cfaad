// One row of the access table: who may call an RPC, and (for the user role) which request field names the user.
using Google.Protobuf;

namespace Recommender.Server.Auth;

public sealed record AccessRule
{
    /// <summary>Callable without a token (health only).</summary>
    public bool Anonymous { get; private init; }

    /// <summary>Roles that may call it for any user; admin is always allowed.</summary>
    public IReadOnlySet<string> Roles { get; private init; } = new HashSet<string>();

    /// <summary>The request field the user role is checked against (e.g. "user_id"); null: the user role may not call it.</summary>
    public string? OwnerField { get; private init; }

    /// <summary>Reads and rewrites the owner field ("me" becomes the caller's id).</summary>
    public Func<IMessage, string?>? GetOwner { get; private init; }
    public Action<IMessage, string>? SetOwner { get; private init; }

    public static AccessRule Open() => new() { Anonymous = true };

    /// <summary>Any authenticated caller, whatever its role.</summary>
    public static AccessRule AnyCaller() => For(Auth.Roles.All);

    public static AccessRule AdminOnly() => For();

    public static AccessRule For(params string[] roles) => new() { Roles = roles.ToHashSet(StringComparer.Ordinal) };

    /// <summary>The user role on its own id, plus <paramref name="roles"/> on any id.</summary>
    public static AccessRule OwnUser<TRequest>(string field, Func<TRequest, string?> get, Action<TRequest, string> set, params string[] roles)
        where TRequest : IMessage => For(roles) with
        {
            OwnerField = field,
            GetOwner = message => get((TRequest)message),
            SetOwner = (message, value) => set((TRequest)message, value),
        };
}
