// Mints bearer tokens the way an issuer does (ES256 over a PEM key), for tests that call the real server:
// good ones, expired ones, ones signed by a key the server does not know.
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Recommender.Server.Tests.EndToEnd;

public static class TestTokens
{
    public const string Issuer = "recommender";
    public const string Audience = "recommender";

    /// <summary>A token signed by the private key in <paramref name="pemFile"/>.</summary>
    public static string Mint(string pemFile, string subject, string role, TimeSpan? lifetime = null, DateTime? now = null, string audience = Audience)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(pemFile));
        return Mint(ecdsa, subject, role, lifetime, now, audience);
    }

    public static string Mint(ECDsa key, string subject, string role, TimeSpan? lifetime = null, DateTime? now = null, string audience = Audience,
        string issuer = Issuer, string roleClaim = "role")
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var securityKey = new ECDsaSecurityKey(key);
        securityKey.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(securityKey).ComputeJwkThumbprint());
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim(roleClaim, role)]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A fresh P-256 key written as PEM to <paramref name="path"/> (a key the server knows only if configured with it).</summary>
    public static string NewKeyFile(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return path;
    }
}
