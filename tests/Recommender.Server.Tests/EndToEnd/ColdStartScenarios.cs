// Cold start end to end: a user created with five seed papers, three keywords or one topic gets a
// full first page in the creating call (CreateUser), every item marked with the source that brought it.
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Training.Simulation;

namespace Recommender.Server.Tests.EndToEnd;

public abstract partial class EndToEndScenarios
{
    [Fact]
    public async Task A_user_created_with_five_seed_papers_three_keywords_or_one_topic_gets_a_full_first_page_in_the_same_call()
    {
        await using var server = NewServer();
        await server.StartAsync();
        await PublishCatalogue(server);
        var users = new Users.UsersClient(server.Channel);
        var feeds = new Recommender.Api.V1.Feeds.FeedsClient(server.Channel);
        const int theme = 2;

        var seeded = new CreateUserRequest { User = new User { Id = "seeded", Email = "seeded@example.org" } };
        seeded.User.SeedPaperIds.AddRange(Enumerable.Range(0, workload.Papers.Count).Where(i => workload.Papers[i].Theme == theme).Take(5).Select(workload.PublishedId));
        var fromSeeds = await users.CreateUserAsync(seeded);

        var worded = new CreateUserRequest { User = new User { Id = "worded" } };
        worded.User.Keywords.AddRange(SyntheticCorpus.Themes[theme].Words.Take(3));
        var fromKeywords = await users.CreateUserAsync(worded);

        var following = new CreateUserRequest { User = new User { Id = "following" }, TopicIds = { workload.Topics[theme].Id } };
        var fromTopic = await users.CreateUserAsync(following);

        foreach (var (created, why) in new[] { (fromSeeds, "seed papers"), (fromKeywords, "keywords"), (fromTopic, "a topic") })
        {
            Assert.True(created.FirstPage.Items.Count >= 20, $"a user created from {why} got {created.FirstPage.Items.Count} items");
            Assert.All(created.FirstPage.Items, i => Assert.NotEqual(FeedSource.Unspecified, i.Source));
            // The page is the feed's: GetFeed answers the same, and the token goes on from it.
            var read = await feeds.GetFeedAsync(new GetFeedRequest { UserId = created.User.Id });
            Assert.Equal(read.Items.Select(i => (i.Paper.Id, i.Source)), created.FirstPage.Items.Select(i => (i.Paper.Id, i.Source)));
            Assert.Equal(read.Etag, created.FirstPage.Etag);
            var next = await feeds.GetFeedAsync(new GetFeedRequest { UserId = created.User.Id, PageToken = created.FirstPage.NextPageToken });
            Assert.Empty(next.Items.Select(i => i.Paper.Id).Intersect(created.FirstPage.Items.Select(i => i.Paper.Id)));
        }
        // Without a followed topic the page comes from the interest (the seeds' or keywords' theme first) and trending.
        foreach (var created in new[] { fromSeeds, fromKeywords })
        {
            Assert.Empty(created.User.FollowedTopics);
            Assert.DoesNotContain(created.FirstPage.Items, i => i.Source == FeedSource.FollowedTopic);
            Assert.Equal(FeedSource.Interest, created.FirstPage.Items[0].Source);
            var top = created.FirstPage.Items.Take(10).Select(i => workload.Papers.Select((p, index) => (p, index)).First(x => workload.PublishedId(x.index) == i.Paper.Id).p.Theme);
            Assert.True(top.Count(t => t == theme) >= 8, $"the top 10 hold {top.Count(t => t == theme)} papers of the seeded theme");
        }
        Assert.Equal(workload.Topics[theme].Id, Assert.Single(fromTopic.User.FollowedTopics));
        Assert.Contains(fromTopic.FirstPage.Items, i => i.Source == FeedSource.FollowedTopic);
        Assert.Equal(SyntheticCorpus.Themes[theme].Words.Take(3), fromKeywords.User.Keywords);

        // Sent again (a retry after a lost answer): nothing doubles, the feed is the same.
        var again = await users.CreateUserAsync(worded);
        Assert.Equal(fromKeywords.FirstPage.Items.Select(i => (i.Paper.Id, i.Score)), again.FirstPage.Items.Select(i => (i.Paper.Id, i.Score)));
        Assert.Equal(fromKeywords.User.Keywords, again.User.Keywords);

        // Bad requests name the field, and a refused call creates nobody.
        await AssertFails(StatusCode.NotFound, "topic_ids[1]", () => users.CreateUserAsync(new CreateUserRequest { User = new User { Id = "late" }, TopicIds = { workload.Topics[0].Id, "no-such-topic" } }).ResponseAsync);
        await AssertFails(StatusCode.NotFound, "id", () => users.GetUserAsync(new GetUserRequest { Id = "late" }).ResponseAsync);
        await AssertFails(StatusCode.InvalidArgument, "topic_ids[0]", () => users.CreateUserAsync(new CreateUserRequest { User = new User { Id = "late" }, TopicIds = { "Not A Topic" } }).ResponseAsync);
        await AssertFails(StatusCode.InvalidArgument, "user.keywords[1]", () => users.CreateUserAsync(new CreateUserRequest { User = new User { Id = "late", Keywords = { "graphs", " " } } }).ResponseAsync);
        var tooMany = new CreateUserRequest { User = new User { Id = "late" } };
        tooMany.User.Keywords.AddRange(Enumerable.Range(0, 65).Select(i => $"word{i}"));
        await AssertFails(StatusCode.InvalidArgument, "user.keywords", () => users.CreateUserAsync(tooMany).ResponseAsync);
        await AssertFails(StatusCode.InvalidArgument, "page_size", () => users.CreateUserAsync(new CreateUserRequest { User = new User { Id = "late" }, PageSize = 101 }).ResponseAsync);
        await AssertFails(StatusCode.NotFound, "user.seed_paper_ids", () => users.CreateUserAsync(new CreateUserRequest { User = new User { Id = "late", SeedPaperIds = { "missing" } } }).ResponseAsync);
        await AssertFails(StatusCode.InvalidArgument, "user", () => users.CreateUserAsync(new CreateUserRequest()).ResponseAsync);
    }
}
