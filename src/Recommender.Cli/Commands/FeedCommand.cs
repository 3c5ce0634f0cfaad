// `recommender feed USER` and `recommender feedback USER PAPER KIND`: read a feed and react to it.
using System.CommandLine;
using System.Globalization;
using Recommender.Api.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class FeedCommand
{
    public static readonly IReadOnlyDictionary<string, FeedbackKind> Kinds = new Dictionary<string, FeedbackKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["click"] = FeedbackKind.Click,
        ["upvote"] = FeedbackKind.Upvote,
        ["save"] = FeedbackKind.Save,
        ["hide"] = FeedbackKind.Hide,
    };

    public static Command Create(GlobalOptions global)
    {
        var user = new Argument<string>("USER") { Description = "User id." }.UserId();
        var pageSize = new Option<int>("--page-size") { Description = "Papers to show.", DefaultValueFactory = _ => 20 }.InRange(1, 100);
        var pageToken = new Option<string>("--page-token") { Description = "Continue from a previous page." };
        var command = new Command("feed", "Show a user's ranked feed.") { user, pageSize, pageToken };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var feed = await new Feeds.FeedsClient(channel).GetFeedAsync(new GetFeedRequest
            {
                UserId = parse.GetRequiredValue(user),
                PageSize = parse.GetValue(pageSize),
                PageToken = parse.GetValue(pageToken) ?? "",
            }, cancellationToken: cancellation);
            AnsiConsole.Write(Render(feed));
            if (feed.NextPageToken.Length > 0)
            {
                AnsiConsole.MarkupLineInterpolated($"more: --page-token {feed.NextPageToken}");
            }
            return 0;
        });
        return command;
    }

    public static Command CreateFeedback(GlobalOptions global)
    {
        var user = new Argument<string>("USER") { Description = "User id." }.UserId();
        var paper = new Argument<string>("PAPER") { Description = "Paper id." };
        var kind = new Argument<string>("KIND") { Description = "click, upvote, save or hide." };
        kind.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var command = new Command("feedback", "Record a reaction to a paper; hide removes it from the feed.") { user, paper, kind };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var response = await new Users.UsersClient(channel).RecordFeedbackAsync(new RecordFeedbackRequest
            {
                UserId = parse.GetRequiredValue(user),
                PaperId = parse.GetRequiredValue(paper),
                Kind = Kinds[parse.GetRequiredValue(kind)],
            }, cancellationToken: cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]recorded[/]; feed has {response.FeedSize} papers");
            return 0;
        });
        return command;
    }

    public static Table Render(GetFeedResponse feed)
    {
        var table = new Table()
            .Title($"{feed.Items.Count} of {feed.Total} (ranker {Markup.Escape(feed.RankerVersion)})")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("title")
            .AddColumn(new TableColumn("score").RightAligned())
            .AddColumn("heads")
            .AddColumn("reasons");
        foreach (var item in feed.Items)
        {
            var heads = string.Join("  ", item.TaskScores.OrderBy(h => h.Key, StringComparer.Ordinal)
                .Select(h => $"{h.Key} {h.Value.ToString("0.00", CultureInfo.InvariantCulture)}"));
            table.AddRow(
                item.Rank.ToString(CultureInfo.InvariantCulture),
                $"{Markup.Escape(item.Paper.Title)}\n[dim]{Markup.Escape(item.Paper.Id)}[/]",
                item.Score.ToString("0.000", CultureInfo.InvariantCulture),
                Markup.Escape(heads),
                Markup.Escape(string.Join("\n", item.Reasons)));
        }
        return table;
    }
}
