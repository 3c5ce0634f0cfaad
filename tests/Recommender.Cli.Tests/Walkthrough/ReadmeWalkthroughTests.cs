// The README's "Trying it with a client" walk-through, command for command, with the real tool
// against the real server (embedded, auth on) and only files shipped in the repository.
using Recommender.Api.V1;
using Recommender.Digests.Tests.EndToEnd;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Cli.Tests.Walkthrough;

public sealed class ReadmeWalkthroughTests() : ToolAndServer("walkthrough")
{
    [Fact]
    public async Task A_fresh_clone_goes_from_the_shipped_sample_to_a_personal_feed_a_save_and_a_hide()
    {
        var root = ServerProcess.RepositoryRoot();
        await Succeeds("topics", "apply", Path.Combine(root, "docs", "sample-topics.yaml"));
        var imported = await Succeeds("import", Path.Combine(root, "docs", "sample-listing.txt"), "--format", "hf-listing", "--year", "2026", "--wait");
        Assert.Matches(@"all \d+ accepted papers reached their followers' feeds", imported);
        Assert.Contains("tasks-and-experts", await Succeeds("topics", "list"));
        await Succeeds("users", "add", "alice", "--email", "alice@example.org", "--digest", "weekly");
        await Succeeds("users", "follow", "alice", "tasks-and-experts");

        var feeds = new Feeds.FeedsClient(Server.Channel);
        var before = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "alice", PageSize = 10 });
        Assert.True(before.Items.Count >= 2, "alice's first feed is too short to save one paper and hide another");
        // The table's title counts what it shows (ids wrap inside narrow cells, titles too).
        Assert.Contains($"{before.Items.Count} of {before.Total} (ranker", await Succeeds("feed", "alice", "--page-size", "10"));
        var saved = before.Items[0].Paper.Id;
        var hidden = before.Items[1].Paper.Id;
        await Succeeds("feedback", "alice", saved, "save");
        await Succeeds("feedback", "alice", hidden, "hide");

        var after = await feeds.GetFeedAsync(new GetFeedRequest { UserId = "alice", PageSize = 100 });
        Assert.Contains(after.Items, i => i.Paper.Id == saved);
        Assert.DoesNotContain(after.Items, i => i.Paper.Id == hidden);

        var alice = (await Succeeds("auth", "token", "--sub", "alice", "--role", "user", "--ttl", "12h")).Trim();
        Assert.Contains($"{Math.Min(20, after.Total)} of {after.Total} (ranker", await Succeeds("--token", alice, "feed", "me"));
        var (exit, refused) = await Recommender("--token", alice, "feed", "bob");
        Assert.NotEqual(0, exit);
        Assert.Contains("PermissionDenied", refused);
    }
}
