// `recommender auth token|key|public-key`: mint a bearer token the server accepts, make a signing key.
using System.CommandLine;
using System.Globalization;
using Recommender.Cli.Auth;

namespace Recommender.Cli.Commands;

public static class AuthCommand
{
    public static Command Create(GlobalOptions global)
    {
        var auth = new Command("auth", "Bearer tokens and signing keys.");
        auth.Subcommands.Add(Token(global));
        auth.Subcommands.Add(Key());
        auth.Subcommands.Add(PublicKey());
        return auth;
    }

    private static Command Token(GlobalOptions global)
    {
        var sub = new Option<string>("--sub") { Description = "Subject: the user id for role user, a name for the others.", Required = true };
        var role = new Option<string>("--role") { Description = "user, publisher, service or admin.", Required = true };
        role.AcceptOnlyFromAmong(TokenMinter.Roles);
        var ttl = new Option<TimeSpan>("--ttl")
        {
            Description = "Lifetime: 90s, 30m, 12h, 7d or hh:mm:ss.",
            DefaultValueFactory = _ => TimeSpan.FromHours(1),
            CustomParser = result => ParseLifetime(result.Tokens[0].Value, out var span) ? span : Fail(result, result.Tokens[0].Value),
        };
        var issuer = new Option<string>("--issuer") { Description = "iss claim (the server's Recommender:Auth:Issuer).", DefaultValueFactory = _ => TokenMinter.DefaultIssuer };
        var audience = new Option<string>("--audience") { Description = "aud claim (the server's Recommender:Auth:Audience).", DefaultValueFactory = _ => TokenMinter.DefaultAudience };
        var command = new Command("token", "Print a bearer token signed by --key (default: the server's development key).") { sub, role, ttl, issuer, audience };
        command.SetAction(parse =>
        {
            var key = parse.GetValue(global.Key) is { Length: > 0 } given ? given
                : Environment.GetEnvironmentVariable("RECOMMENDER_KEY_FILE") is { Length: > 0 } variable ? variable
                : CallerToken.FindDevelopmentKey(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
            if (key is null)
            {
                CommandRunner.Error("no signing key: pass --key FILE, set RECOMMENDER_KEY_FILE or RECOMMENDER_DATA_DIR, or run where the server's data directory is (./data)");
                return 1;
            }
            try
            {
                Console.WriteLine(TokenMinter.Mint(key, parse.GetRequiredValue(sub), parse.GetRequiredValue(role), parse.GetValue(ttl), parse.GetValue(issuer)!, parse.GetValue(audience)!));
                return 0;
            }
            catch (CliException e)
            {
                CommandRunner.Error(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command Key()
    {
        var output = new Option<string>("--out") { Description = "PEM file to create (it must not exist).", Required = true };
        var command = new Command("key", "Create an ECDSA P-256 signing key (PKCS#8 PEM, mode 600) for Recommender:Auth:KeyFiles.") { output };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(output));
            if (File.Exists(path))
            {
                CommandRunner.Error($"{path} exists; a key is never overwritten");
                return 1;
            }
            TokenMinter.WriteNewKey(path);
            Console.WriteLine(path);
            return 0;
        });
        return command;
    }

    private static Command PublicKey()
    {
        var file = new Argument<string>("KEY") { Description = "PEM file of a private key." };
        var command = new Command("public-key", "Print the public half of a key (a server that only checks tokens needs no more).") { file };
        command.SetAction(parse =>
        {
            Console.Write(TokenMinter.PublicPem(parse.GetRequiredValue(file)));
            return 0;
        });
        return command;
    }

    public static bool ParseLifetime(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            lifetime = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => default,
            };
            return lifetime > TimeSpan.Zero;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out lifetime) && lifetime > TimeSpan.Zero;
    }

    private static TimeSpan Fail(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        result.AddError($"--ttl must be a positive duration such as 90s, 30m, 12h, 7d or 01:00:00, not '{text}'.");
        return default;
    }
}
