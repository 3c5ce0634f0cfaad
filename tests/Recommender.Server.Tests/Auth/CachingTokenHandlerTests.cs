// The token cache keeps accepted tokens only, by their exact text, and never past their expiry.
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Recommender.Server.Auth;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Server.Tests.Auth;

public sealed class CachingTokenHandlerTests
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static TokenValidationParameters Trusting(ECDsa key) => new()
    {
        ValidIssuer = TestTokens.Issuer,
        ValidAudience = TestTokens.Audience,
        IssuerSigningKey = new ECDsaSecurityKey(key),
        ClockSkew = TimeSpan.Zero,
        RoleClaimType = "role",
    };

    [Fact]
    public async Task A_token_checked_once_is_accepted_again_from_the_cache_with_its_roles()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var token = TestTokens.Mint(Key, "alice", "user");

        var first = await handler.ValidateTokenAsync(token, Trusting(Key));
        // The second check is answered without verifying the signature: with no trusted key it would fail.
        var second = await handler.ValidateTokenAsync(token, Trusting(ECDsa.Create(ECCurve.NamedCurves.nistP256)));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.True(new System.Security.Claims.ClaimsPrincipal(second.ClaimsIdentity).IsInRole("user"));
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered_and_a_changed_token_is_checked_afresh()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = TestTokens.Mint(stranger, "mallory", "admin");
        var good = TestTokens.Mint(Key, "alice", "user");
        await handler.ValidateTokenAsync(good, Trusting(Key));

        var refused = await handler.ValidateTokenAsync(foreign, Trusting(Key));
        var tampered = await handler.ValidateTokenAsync(good[..^2] + (good[^2] == 'A' ? "B" : "A") + good[^1], Trusting(Key));

        Assert.False(refused.IsValid);
        Assert.False(tampered.IsValid);
        Assert.False((await handler.ValidateTokenAsync(foreign, Trusting(Key))).IsValid);
    }

    [Fact]
    public async Task An_expired_token_is_refused_even_right_after_it_was_accepted()
    {
        var handler = new CachingTokenHandler { MapInboundClaims = false };
        // Valid for three seconds: accepted (and cached) now, expired once they have passed.
        var token = TestTokens.Mint(Key, "alice", "user", TimeSpan.FromSeconds(3), DateTime.UtcNow);
        var accepted = await handler.ValidateTokenAsync(token, Trusting(Key));
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        var later = await handler.ValidateTokenAsync(token, Trusting(Key));

        Assert.True(accepted.IsValid, accepted.Exception?.Message);
        Assert.False(later.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(later.Exception);
    }
}
