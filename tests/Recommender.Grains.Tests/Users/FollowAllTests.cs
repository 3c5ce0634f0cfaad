// Following several topics in one call (what CreateUser does): each topic once, one rebuild.
using Recommender.Abstractions;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Training.Simulation;

namespace Recommender.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class FollowAllTests(ClusterFixture fixture)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    private async Task<string> Topic(int theme)
    {
        var (slug, words) = SyntheticCorpus.Themes[theme];
        var id = $"{slug}-{run}";
        await fixture.Grains.GetGrain<ITopicGrain>(GrainKeys.Topic(id)).Define(new TopicDefinition { Id = id, Name = slug, Keywords = words.Take(8).ToArray() });
        return id;
    }

    [Fact]
    public async Task Several_topics_followed_at_once_are_each_followed_once_with_a_single_rebuild_and_a_retry_changes_nothing()
    {
        var first = await Topic(0);
        var second = await Topic(1);
        var id = $"all-{run}";
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.User(id));
        await user.Upsert(new UserProfile { Id = id });
        var rebuildsBefore = fixture.Feeds.Replacements(id);

        var followed = await user.FollowAll([first, second, first]);
        var rebuildsAfter = fixture.Feeds.Replacements(id);
        var retried = await user.FollowAll([second, first]);

        Assert.Equal([first, second], followed.User.FollowedTopics);
        Assert.Equal(1, rebuildsAfter - rebuildsBefore);
        Assert.Equal([first, second], retried.User.FollowedTopics);
        Assert.Equal(rebuildsAfter, fixture.Feeds.Replacements(id));
        // Durably: the subscription store holds both follows.
        Assert.Equal([first, second], (await fixture.Subscriptions.InputsAsync(id, CancellationToken.None))!.FollowedTopics);
    }
}
