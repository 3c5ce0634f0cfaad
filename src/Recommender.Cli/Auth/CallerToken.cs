// Which bearer token a command sends: --token or RECOMMENDER_TOKEN as given; else one minted from
// --key / RECOMMENDER_KEY_FILE; else from the development key the server keeps in its data directory
// (RECOMMENDER_DATA_DIR, ./data, or ./src/Recommender.Server/data, where `dotnet run` puts it).
namespace Recommender.Cli.Auth;

public static class CallerToken
{
    /// <summary>The server's development key file name (Recommender.Server/Auth/SigningKeys.cs).</summary>
    public const string DevelopmentKeyFile = "dev-signing-key.pem";

    /// <summary>Who the CLI is when it mints its own tokens.</summary>
    public const string Subject = "recommender-cli";

    public static string? Resolve(string? token, string? keyFile, string role, Func<string, string?> environment, string workingDirectory)
    {
        token = Blank(token) ?? Blank(environment("RECOMMENDER_TOKEN"));
        if (token is not null)
        {
            return token;
        }
        var key = Blank(keyFile) ?? Blank(environment("RECOMMENDER_KEY_FILE")) ?? FindDevelopmentKey(environment, workingDirectory);
        return key is null ? null : TokenMinter.Mint(key, Subject, role, TimeSpan.FromHours(1));
    }

    public static string? FindDevelopmentKey(Func<string, string?> environment, string workingDirectory)
    {
        var candidates = new[]
        {
            Blank(environment("RECOMMENDER_DATA_DIR")) is { } dataDirectory ? Path.Combine(dataDirectory, DevelopmentKeyFile) : null,
            Path.Combine(workingDirectory, "data", DevelopmentKeyFile),
            Path.Combine(workingDirectory, "src", "Recommender.Server", "data", DevelopmentKeyFile),
        };
        return candidates.FirstOrDefault(path => path is not null && File.Exists(path));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
