// Settings of caller authentication, read from Recommender:Auth (see the README's configuration table).
namespace Recommender.Server.Auth;

public sealed record AuthSettings
{
    /// <summary>Issuer ("iss") that the service's own tokens carry and that is checked.</summary>
    public string Issuer { get; init; } = "recommender";
    /// <summary>Audience ("aud") that every token must carry.</summary>
    public string Audience { get; init; } = "recommender";
    /// <summary>PEM files of ECDSA P-256 keys (public or private) whose signatures are accepted; empty uses the development key.</summary>
    public IReadOnlyList<string> KeyFiles { get; init; } = [];
    /// <summary>An external OpenID Connect issuer; when set its published keys are used instead of <see cref="KeyFiles"/>.</summary>
    public string Authority { get; init; } = "";
    /// <summary>False only for an issuer on plain http (a test or a lab); production issuers are https.</summary>
    public bool RequireHttpsMetadata { get; init; } = true;
    /// <summary>The claim that holds roles; external issuers often use another name (e.g. "roles").</summary>
    public string RoleClaim { get; init; } = "role";

    public bool UsesExternalIssuer => Authority.Length > 0;

    public static AuthSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender:Auth");
        var defaults = new AuthSettings();
        var keys = section.GetSection("KeyFiles").Get<string[]>()
            ?? (section["KeyFiles"] is { Length: > 0 } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : []);
        return new AuthSettings
        {
            Issuer = section["Issuer"] is { Length: > 0 } issuer ? issuer : defaults.Issuer,
            Audience = section["Audience"] is { Length: > 0 } audience ? audience : defaults.Audience,
            KeyFiles = keys,
            Authority = section["Authority"] ?? "",
            RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", defaults.RequireHttpsMetadata),
            RoleClaim = section["RoleClaim"] is { Length: > 0 } claim ? claim : defaults.RoleClaim,
        };
    }
}
