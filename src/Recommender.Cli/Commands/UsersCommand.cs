// `recommender users add|follow`: create or update users and have them follow topics.
using System.CommandLine;
using Recommender.Api.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class UsersCommand
{
    public static readonly IReadOnlyDictionary<string, DigestCadence> Digests = new Dictionary<string, DigestCadence>(StringComparer.OrdinalIgnoreCase)
    {
        ["daily"] = DigestCadence.Daily,
        ["weekly"] = DigestCadence.Weekly,
        ["never"] = DigestCadence.Never,
    };

    public static Command Create(GlobalOptions global)
    {
        var users = new Command("users", "Create users and choose what they follow.");
        users.Subcommands.Add(Add(global));
        users.Subcommands.Add(Follow(global));
        return users;
    }

    private static Command Add(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "User id." }.UserId();
        var email = new Option<string>("--email") { Description = "Where digests go." };
        var name = new Option<string>("--name") { Description = "Display name." };
        var digest = new Option<string>("--digest") { Description = "Digest cadence." };
        digest.AcceptOnlyFromAmong([.. Digests.Keys]);
        var zone = new Option<string>("--time-zone") { Description = "IANA time zone of the digest's day, e.g. Europe/Berlin." };
        var hour = new Option<int?>("--send-hour") { Description = "Local hour (0-23) at which the digest is due." };
        var seeds = new Option<string[]>("--seed-paper") { Description = "A paper whose content seeds the user's interests (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("add", "Create or update a user.") { id, email, name, digest, zone, hour, seeds };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var user = new User
            {
                Id = parse.GetRequiredValue(id),
                Email = parse.GetValue(email) ?? "",
                DisplayName = parse.GetValue(name) ?? "",
                Digest = parse.GetValue(digest) is { } d ? Digests[d] : DigestCadence.Unspecified,
                TimeZone = parse.GetValue(zone) ?? "",
            };
            if (parse.GetValue(hour) is { } sendHour)
            {
                user.DigestSendHour = sendHour;
            }
            user.SeedPaperIds.AddRange(parse.GetValue(seeds) ?? []);
            using var channel = global.OpenChannel(parse);
            var saved = await new Users.UsersClient(channel).UpsertUserAsync(new UpsertUserRequest { User = user }, cancellationToken: cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]user {saved.Id}[/] saved (digest {saved.Digest}, follows {saved.FollowedTopics.Count} topics)");
            return 0;
        });
        return command;
    }

    private static Command Follow(GlobalOptions global)
    {
        var user = new Argument<string>("USER") { Description = "User id." }.UserId();
        var topic = new Argument<string>("TOPIC") { Description = "Topic id." }.TopicId();
        var command = new Command("follow", "Follow a topic; the feed fills from its recent papers at once.") { user, topic };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var response = await new Users.UsersClient(channel).FollowTopicAsync(
                new FollowTopicRequest { UserId = parse.GetRequiredValue(user), TopicId = parse.GetRequiredValue(topic) },
                cancellationToken: cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]{response.User.Id}[/] follows {string.Join(", ", response.User.FollowedTopics)}; feed has {response.FeedSize} papers");
            return 0;
        });
        return command;
    }
}
