// Signs bearer tokens the server accepts: ES256 JWTs with sub, role, iss, aud and an expiry, signed by a
// P-256 private key in a PEM file (the server's development key, or a key an operator configured).
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Recommender.Cli.Auth;

public static class TokenMinter
{
    /// <summary>The server's defaults (Recommender:Auth:Issuer and Audience).</summary>
    public const string DefaultIssuer = "recommender";
    public const string DefaultAudience = "recommender";

    public static readonly string[] Roles = ["user", "publisher", "service", "admin"];

    public static string Mint(string keyFile, string subject, string role, TimeSpan lifetime, string issuer = DefaultIssuer, string audience = DefaultAudience)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(keyFile));
            // Signing needs the private half; a public key file imports fine and fails only here.
            ecdsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or IOException)
        {
            throw new Commands.CliException($"{keyFile} is not a PEM file of an ECDSA private key: {e.Message}");
        }
        var key = new ECDsaSecurityKey(ecdsa);
        // The server names each trusted key by its RFC 7638 thumbprint.
        key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key).ComputeJwkThumbprint());
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A new P-256 private key as PKCS#8 PEM, readable by its owner only.</summary>
    public static void WriteNewKey(string path)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var file = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        file.Write(ecdsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The public half, for a server that only checks tokens (Recommender:Auth:KeyFiles).</summary>
    public static string PublicPem(string keyFile)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(File.ReadAllText(keyFile));
        return ecdsa.ExportSubjectPublicKeyInfoPem();
    }
}
