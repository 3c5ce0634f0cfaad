// Several interests end to end: a reader seeded with papers of two distinct themes gets a first page
// holding both. The single mean interest of the five seeds gave 0 and 20 here (its probes all went to the
// topics of one theme); with an interest per theme, each probed and scored on its own, 9 and 11.
using Recommender.Api.V1;

namespace Recommender.Server.Tests.EndToEnd;

public abstract partial class EndToEndScenarios
{
    [Fact]
    public async Task A_user_seeded_with_papers_of_two_themes_gets_a_first_page_holding_papers_of_both()
    {
        await using var server = NewServer();
        await server.StartAsync();
        await PublishCatalogue(server);
        const int strong = 0, weak = 4;
        int[] Of(int theme, int count) => Enumerable.Range(0, workload.Papers.Count).Where(i => workload.Papers[i].Theme == theme).Take(count).ToArray();

        // Three seeds of one theme, two of another, no followed topic.
        var request = new CreateUserRequest { User = new User { Id = "two-minds" } };
        request.User.SeedPaperIds.AddRange(Of(strong, 3).Concat(Of(weak, 2)).Select(workload.PublishedId));
        var created = await new Users.UsersClient(server.Channel).CreateUserAsync(request);

        var themes = created.FirstPage.Items
            .Select(item => workload.Papers[Enumerable.Range(0, workload.Papers.Count).First(i => workload.PublishedId(i) == item.Paper.Id)].Theme)
            .ToArray();
        var (ofStrong, ofWeak) = (themes.Count(t => t == strong), themes.Count(t => t == weak));
        Assert.Equal(20, themes.Length);
        Assert.True(ofStrong >= 6 && ofWeak >= 6, $"the first page holds {ofStrong} papers of the first theme and {ofWeak} of the second");
        Assert.All(created.FirstPage.Items.Where((_, i) => themes[i] is strong or weak), item => Assert.Equal(FeedSource.Interest, item.Source));
    }
}
