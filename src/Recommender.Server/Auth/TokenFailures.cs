// Why a bearer token was refused, in words a caller can act on (no token, expired, bad signature, ...).
using Microsoft.IdentityModel.Tokens;

namespace Recommender.Server.Auth;

public static class TokenFailures
{
    public static string Describe(Exception? failure) => failure switch
    {
        null => "a bearer token is required (authorization: Bearer <token>)",
        SecurityTokenExpiredException expired => $"the bearer token expired at {expired.Expires:u}",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature is not from a key this service trusts",
        SecurityTokenInvalidAudienceException => "the bearer token is for another audience",
        SecurityTokenInvalidIssuerException => "the bearer token is from an issuer this service does not trust",
        SecurityTokenNoExpirationException => "the bearer token has no expiry (exp)",
        SecurityTokenMalformedException => "the bearer token is malformed (not a signed JWT)",
        _ => "the bearer token is not valid: " + failure.GetType().Name,
    };
}
