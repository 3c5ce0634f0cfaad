// Wires caller authentication (JWT bearer), authorization (every endpoint needs a token unless it
// says otherwise), the per-RPC access table, message-size and rate limits, the JWKS document and
// the Orleans dashboard; and refuses to start a server that would be exposed with only the development key.
using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Orleans.Dashboard;
using Recommender.Server.Hosting;

namespace Recommender.Server.Auth;

public static class AuthHosting
{
    /// <summary>The admin role: the Orleans dashboard.</summary>
    public const string AdminPolicy = "admin";
    /// <summary>The service or admin role: metrics.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Largest request message (a Publish stream's every paper included); larger is RESOURCE_EXHAUSTED.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    public const string JwksPath = "/.well-known/jwks.json";
    public const string DashboardPath = "/dashboard";

    public static void AddRecommenderAuth(this WebApplicationBuilder builder, ServerSettings settings)
    {
        var auth = AuthSettings.From(builder.Configuration);
        RefuseExposedGateway(settings);
        var keys = auth.UsesExternalIssuer ? null : SigningKeys.Load(auth, settings.DataDirectory);
        if (auth.UsesExternalIssuer && auth.KeyFiles.Count > 0)
        {
            throw new InvalidOperationException("Recommender:Auth: set Authority (an external issuer) or KeyFiles (the service's own keys), not both.");
        }
        if (keys is { IsDevelopmentKey: true } && !IPAddress.IsLoopback(settings.ListenAddress))
        {
            throw new InvalidOperationException(
                $"Refusing to listen on {settings.ListenAddress} with only the development signing key ({keys.Source}): anyone who can read " +
                "that file can mint an admin token. Configure Recommender:Auth:KeyFiles (PEM files of ECDSA P-256 keys) or " +
                "Recommender:Auth:Authority and Audience (an external issuer), or listen on a loopback address.");
        }
        if (keys is not null)
        {
            builder.Services.AddSingleton(keys);
        }
        builder.Services.AddSingleton(auth);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            // Claims keep their JWT names ("sub", "role"), not the long XML-schema names.
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new CachingTokenHandler { MapInboundClaims = false });
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidAudience = auth.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = "sub",
                RoleClaimType = auth.RoleClaim,
            };
            if (keys is null)
            {
                // Keys and issuer come from the issuer's discovery document, refreshed as it rotates them.
                options.Authority = auth.Authority;
                options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
            }
            else
            {
                options.TokenValidationParameters.ValidIssuer = auth.Issuer;
                options.TokenValidationParameters.IssuerSigningKeys = keys.Keys;
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
            }
            options.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    if (GrpcRefusal.IsGrpc(context.Request))
                    {
                        context.HandleResponse();
                        await GrpcRefusal.WriteAsync(context.Response, Grpc.Core.StatusCode.Unauthenticated, TokenFailures.Describe(context.AuthenticateFailure));
                    }
                },
                OnForbidden = async context =>
                {
                    if (GrpcRefusal.IsGrpc(context.Request))
                    {
                        await GrpcRefusal.WriteAsync(context.Response, Grpc.Core.StatusCode.PermissionDenied, "the token's role may not make this call");
                    }
                },
            };
        });
        builder.Services.AddAuthorization(options =>
        {
            // Every endpoint needs a valid token unless it is marked AllowAnonymous (health, digest links,
            // JWKS), so whatever is added later is protected by default. Roles per RPC: CallerAccess.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
            options.AddPolicy(OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Service, Roles.Admin));
        });
        builder.Services.Configure<GrpcServiceOptions>(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.Interceptors.Add<CallerAccessInterceptor>();
        });
        builder.Services.AddRecommenderRateLimits(RateLimitSettings.From(builder.Configuration));
        if (DashboardEnabled(builder.Configuration))
        {
            builder.UseOrleans(silo => silo.AddDashboard());
        }
    }

    /// <summary>
    /// Off unless asked for: the dashboard profiles every grain call and collects Orleans' gauges
    /// on a timer, two of which walk every activation and directory cache entry; at 100,000 users
    /// that took 5–8% of the server's CPU during fan-out (docs/benchmarks.md).
    /// </summary>
    private static bool DashboardEnabled(IConfiguration configuration) => configuration.GetValue("Recommender:Dashboard", false);

    /// <summary>Authentication, authorization and rate limits in the request pipeline, the JWKS document and the dashboard.</summary>
    public static void UseRecommenderAuth(this WebApplication app)
    {
        app.UseAuthentication();
        // Before authorization, so that calls with bad or no tokens are limited too (per address).
        app.UseRateLimiter();
        app.UseAuthorization();
        var httpPort = $"*:{app.Services.GetRequiredService<ServerSettings>().HttpPort}";
        if (app.Services.GetService<SigningKeys>() is { } keys)
        {
            var jwks = keys.JwksJson();
            app.MapGet(JwksPath, () => Results.Text(jwks, "application/jwk-set+json")).AllowAnonymous().RequireHost(httpPort);
        }
        if (DashboardEnabled(app.Configuration))
        {
            app.MapOrleansDashboard(DashboardPath).RequireAuthorization(AdminPolicy).RequireHost(httpPort);
        }
    }

    /// <summary>
    /// The Orleans gateway takes any Orleans client's calls into any grain, unauthenticated. It is closed
    /// (port 0) by default; the co-hosted client does not need it. Opened, it may only be on loopback.
    /// </summary>
    private static void RefuseExposedGateway(ServerSettings settings)
    {
        if (settings.GatewayPort != 0 && !IPAddress.IsLoopback(settings.ListenAddress))
        {
            throw new InvalidOperationException(
                $"Refusing to open the Orleans gateway (Recommender:GatewayPort={settings.GatewayPort}) on {settings.ListenAddress}: it accepts " +
                "unauthenticated grain calls. Leave GatewayPort at 0 (closed) or listen on a loopback address.");
        }
    }
}
