// Which token the tool sends, and that the tokens it mints carry what the server checks.
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Recommender.Cli;
using Recommender.Cli.Auth;
using Recommender.Cli.Commands;

namespace Recommender.Cli.Tests.Auth;

[Collection(ConsoleCollection.Name)]
public sealed class CallerTokenTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("recommender-cli-auth-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private string NewKey(string relativePath)
    {
        var path = Path.Combine(directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        TokenMinter.WriteNewKey(path);
        return path;
    }

    [Fact]
    public void A_given_token_wins_over_the_environment_and_any_key()
    {
        NewKey("data/dev-signing-key.pem");

        Assert.Equal("given", CallerToken.Resolve("given", null, "admin", Environment(("RECOMMENDER_TOKEN", "from-env")), directory));
        Assert.Equal("from-env", CallerToken.Resolve(null, null, "admin", Environment(("RECOMMENDER_TOKEN", "from-env")), directory));
    }

    [Fact]
    public void Without_a_token_or_a_key_nothing_is_sent()
    {
        Assert.Null(CallerToken.Resolve(null, null, "admin", Environment(), directory));
    }

    [Fact]
    public async Task The_development_key_under_the_servers_project_directory_signs_a_token_the_key_verifies()
    {
        var key = NewKey("src/Recommender.Server/data/dev-signing-key.pem");

        var token = CallerToken.Resolve(null, null, "service", Environment(), directory);

        var result = await Validate(token!, key);
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("service", result.Claims["role"]);
        Assert.Equal(CallerToken.Subject, result.Claims["sub"]);
    }

    [Fact]
    public void RECOMMENDER_DATA_DIR_is_looked_at_before_the_working_directory()
    {
        var elsewhere = NewKey("elsewhere/dev-signing-key.pem");
        NewKey("data/dev-signing-key.pem");

        Assert.Equal(elsewhere, CallerToken.FindDevelopmentKey(Environment(("RECOMMENDER_DATA_DIR", Path.GetDirectoryName(elsewhere)!)), directory));
    }

    [Fact]
    public async Task Auth_token_prints_a_token_for_the_given_subject_role_and_lifetime()
    {
        var key = NewKey("issuer.pem");
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await RecommenderCommand.Build().Parse(["auth", "token", "--key", key, "--sub", "alice", "--role", "user", "--ttl", "30m"]).InvokeAsync());
        }
        finally
        {
            Console.SetOut(original);
        }

        var result = await Validate(output.ToString().Trim(), key);
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("alice", result.Claims["sub"]);
        Assert.Equal("user", result.Claims["role"]);
        var lifetime = ((JsonWebToken)result.SecurityToken).ValidTo - ((JsonWebToken)result.SecurityToken).ValidFrom;
        Assert.Equal(TimeSpan.FromMinutes(30), lifetime);
    }

    [Fact]
    public async Task Auth_token_refuses_an_unknown_role_and_a_missing_key()
    {
        Assert.NotEqual(0, await RecommenderCommand.Build().Parse(["auth", "token", "--key", NewKey("k.pem"), "--sub", "a", "--role", "root"]).InvokeAsync());
        Assert.Equal(1, await RecommenderCommand.Build().Parse(["auth", "token", "--key", Path.Combine(directory, "none.pem"), "--sub", "a", "--role", "admin"]).InvokeAsync());
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("12h", 43_200)]
    [InlineData("7d", 604_800)]
    [InlineData("01:00:00", 3600)]
    public void Lifetimes_are_read_with_a_unit_or_as_a_time_span(string text, int seconds)
    {
        Assert.True(AuthCommand.ParseLifetime(text, out var lifetime));
        Assert.Equal(TimeSpan.FromSeconds(seconds), lifetime);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("soon")]
    public void Zero_negative_or_unreadable_lifetimes_are_refused(string text) => Assert.False(AuthCommand.ParseLifetime(text, out _));

    private static async Task<TokenValidationResult> Validate(string token, string keyFile)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(await File.ReadAllTextAsync(keyFile));
        var publicKey = new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false)));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = TokenMinter.DefaultIssuer,
            ValidAudience = TokenMinter.DefaultAudience,
            IssuerSigningKey = publicKey,
        });
    }
}
