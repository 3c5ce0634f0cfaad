// Checks each distinct bearer token once and remembers the result until the token expires (at most
// 10 minutes): an ES256 signature check costs ~0.3 ms of CPU here, more than a cached feed read, and
// a client sends the same token on every call. Only successes are kept, keyed by the exact token text.
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Recommender.Server.Auth;

public sealed class CachingTokenHandler : JsonWebTokenHandler
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private readonly MemoryCache accepted = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (accepted.TryGetValue(token, out Accepted? hit) && hit!.ValidTo > DateTime.UtcNow)
        {
            // A copy per request: later stages may add claims to the identity they are given.
            return new TokenValidationResult { IsValid = true, ClaimsIdentity = hit.Identity.Clone(), SecurityToken = hit.Token, Issuer = hit.Token.Issuer };
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken checkedToken)
        {
            var until = DateTime.UtcNow + MaxAge < checkedToken.ValidTo ? DateTime.UtcNow + MaxAge : checkedToken.ValidTo;
            accepted.Set(token, new Accepted(result.ClaimsIdentity.Clone(), checkedToken, checkedToken.ValidTo),
                new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
        return result;
    }

    private sealed record Accepted(ClaimsIdentity Identity, JsonWebToken Token, DateTime ValidTo);
}
