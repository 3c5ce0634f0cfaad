// The keys whose signatures the server accepts: configured PEM files, or the development key that
// the server creates in its data directory on first start. ECDSA P-256 (ES256), not HMAC: the server
// needs only public keys to check tokens, the JWKS document can publish them, and the private key
// can stay with whoever issues tokens (the `recommender auth token` command, an operator's vault).
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Recommender.Server.Auth;

public sealed class SigningKeys
{
    /// <summary>The development key's file name inside Recommender:DataDirectory; the CLI looks for the same name.</summary>
    public const string DevelopmentKeyFile = "dev-signing-key.pem";

    private SigningKeys(IReadOnlyList<ECDsaSecurityKey> keys, bool isDevelopmentKey, string source)
    {
        Keys = keys;
        IsDevelopmentKey = isDevelopmentKey;
        Source = source;
    }

    /// <summary>Each key with its id ("kid": the RFC 7638 thumbprint of its public part).</summary>
    public IReadOnlyList<ECDsaSecurityKey> Keys { get; }

    /// <summary>True when no key was configured and the server made its own.</summary>
    public bool IsDevelopmentKey { get; }

    /// <summary>Where the keys came from, for the start-up log.</summary>
    public string Source { get; }

    public static SigningKeys Load(AuthSettings settings, string dataDirectory)
    {
        if (settings.KeyFiles.Count > 0)
        {
            var keys = settings.KeyFiles.Select(ReadKey).ToArray();
            return new SigningKeys(keys, isDevelopmentKey: false, string.Join(", ", settings.KeyFiles));
        }
        var path = Path.GetFullPath(Path.Combine(dataDirectory, DevelopmentKeyFile));
        if (!File.Exists(path))
        {
            CreateDevelopmentKey(path);
        }
        return new SigningKeys([ReadKey(path)], isDevelopmentKey: true, path);
    }

    /// <summary>A P-256 key in a PEM file ("EC PRIVATE KEY", "PRIVATE KEY" or "PUBLIC KEY"); only its public part is used here.</summary>
    public static ECDsaSecurityKey ReadKey(string path)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or IOException)
        {
            throw new InvalidOperationException($"Recommender:Auth:KeyFiles: '{path}' is not a readable PEM file of an ECDSA key: {e.Message}", e);
        }
        if (ecdsa.KeySize != 256)
        {
            throw new InvalidOperationException($"Recommender:Auth:KeyFiles: '{path}' holds a {ecdsa.KeySize}-bit key; tokens are ES256, which needs a P-256 key.");
        }
        // Only the public half is kept: the server checks signatures, it never signs.
        var publicOnly = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        var key = new ECDsaSecurityKey(publicOnly);
        key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key).ComputeJwkThumbprint());
        return key;
    }

    /// <summary>The JWKS document (RFC 7517) of the public keys, for anyone who checks the service's tokens.</summary>
    public string JwksJson()
    {
        var keys = Keys.Select(key =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
            return new Dictionary<string, string> { ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y, ["kid"] = key.KeyId, ["use"] = "sig", ["alg"] = SecurityAlgorithms.EcdsaSha256 };
        });
        return JsonSerializer.Serialize(new { keys });
    }

    private static void CreateDevelopmentKey(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportPkcs8PrivateKeyPem();
        // Written under another name and moved into place, so two servers starting on one directory never read half a key.
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            file.Write(pem);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
