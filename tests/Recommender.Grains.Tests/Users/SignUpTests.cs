// Sign-up scores a feed only when the user brings something of their own to rank by; otherwise the
// first follow or the first read does, once.
using Recommender.Abstractions;
using Recommender.Abstractions.Users;

namespace Recommender.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class SignUpTests(ClusterFixture fixture)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_new_user_with_no_seeds_or_keywords_gets_the_feed_at_the_first_read_and_not_at_sign_up()
    {
        var id = $"bare-{run}";
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.User(id));

        await user.Upsert(new UserProfile { Id = id });
        var atSignUp = fixture.Feeds.Replacements(id);
        var page = await user.GetFeedPage(0, 20);

        Assert.Equal(0, atSignUp);
        Assert.NotNull(page);
        Assert.Equal(1, fixture.Feeds.Replacements(id));
    }

    [Fact]
    public async Task A_new_user_with_keywords_gets_a_feed_ranked_by_them_at_sign_up()
    {
        var id = $"keen-{run}";
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.User(id));

        await user.Upsert(new UserProfile { Id = id, Keywords = ["graph", "neural", "message-passing"] });

        Assert.Equal(1, fixture.Feeds.Replacements(id));
    }
}
