// Argument checks shared by the commands, kept pure so tests can call them directly.
using System.CommandLine;
using System.CommandLine.Parsing;

namespace Recommender.Cli.Commands;

public static class Validation
{
    public static Uri ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? GlobalOptions.DefaultServer : result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        result.AddError($"--server must be an absolute http:// or https:// address, not '{text}'.");
        return new Uri(GlobalOptions.DefaultServer);
    }

    /// <summary>Adds a check that an integer option lies in [min, max].</summary>
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                result.AddError($"{option.Name} must be between {min} and {max}, not {value}.");
            }
        });
        return option;
    }

    /// <summary>Ids the server accepts for users: letters, digits, '.', '_', '-', '@'; 1 to 128 chars.</summary>
    public static bool IsUserId(string id) =>
        id.Length is >= 1 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');

    /// <summary>Topic ids are lower-case slugs of letters, digits and '-', 1 to 64 chars.</summary>
    public static bool IsTopicId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static Argument<string> UserId(this Argument<string> argument)
    {
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IsUserId(value))
            {
                result.AddError($"'{value}' is not a valid user id (letters, digits, '.', '_', '-', '@'; 1 to 128 characters).");
            }
        });
        return argument;
    }

    public static Argument<string> TopicId(this Argument<string> argument)
    {
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IsTopicId(value))
            {
                result.AddError($"'{value}' is not a valid topic id (lower-case letters, digits and '-'; 1 to 64 characters).");
            }
        });
        return argument;
    }
}
