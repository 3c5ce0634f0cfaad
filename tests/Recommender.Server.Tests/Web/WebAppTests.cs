// The web app at /app/ in headless Chromium (Debian's /usr/bin/chromium, driven by PuppeteerSharp):
// real clicks against the real server — sign in, follow, save, hide, page, a live update.
using PuppeteerSharp;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Web;

[Collection(ReadSideCollection.Name)]
public sealed class WebAppTests(ReadSideServer world)
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Where the test leaves its screenshot (docs/img/web-app.png is a copy of one).</summary>
    public static readonly string Screenshot = Path.Combine(Path.GetTempPath(), "recommender-web-app", "web-app.png");

    [Fact]
    public async Task A_user_signs_in_follows_a_topic_saves_hides_pages_and_sees_a_live_update_in_chromium()
    {
        var topicId = await world.TopicAsync(Theme.WebApp);
        await world.TopicAsync(Theme.Other);
        var user = await world.NewUserAsync("browser");
        await world.PublishAsync(Theme.WebApp, count: 12);

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1100, Height = 1000 });
        var apiCalls = new System.Collections.Concurrent.ConcurrentBag<(string Url, string? Authorization)>();
        page.Request += (_, e) =>
        {
            if (e.Request.Url.Contains("/v1/"))
            {
                apiCalls.Add((e.Request.Url, e.Request.Headers.TryGetValue("Authorization", out var value) ? value : null));
            }
        };

        await page.GoToAsync($"http://127.0.0.1:{world.Server.HttpPort}/app/");
        // A user token, as `recommender auth token --sub USER --role user` prints; the app reads the user id from its sub.
        var token = world.Server.Token(user, "user");
        await page.TypeAsync("#token", token);
        await page.ClickAsync("#sign-in-button");
        Assert.Equal(token, await page.EvaluateExpressionAsync<string>("sessionStorage.getItem('recommender.token')"));
        Assert.Equal(user, await page.EvaluateExpressionAsync<string>("sessionStorage.getItem('recommender.user')"));

        // Follow graph learning: the feed fills with its papers, with reasons and per-head scores.
        await page.WaitForSelectorAsync($"#topics li[data-topic-id='{topicId}'] button");
        await page.ClickAsync($"#topics li[data-topic-id='{topicId}'] button");
        await page.WaitForSelectorAsync("#feed li.item");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"#topics li[data-topic-id='{topicId}']\").dataset.following === 'true'");
        Assert.Equal(10, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#feed li.item').length"));
        Assert.Contains("topic:" + topicId, await Text(page, "#feed li.item .reasons"));
        Assert.Matches(@"\w+ \d\.\d\d", await Text(page, "#feed li.item .heads .head"));
        Assert.Equal([topicId], (await User(user)).FollowedTopics);

        // Save the first paper, hide the second.
        var ids = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#feed li.item')].map(li => li.dataset.paperId)");
        await page.ClickAsync("#feed li.item:nth-child(1) button.save");
        await page.WaitForSelectorAsync("#feed li.item:nth-child(1) .saved");
        await page.ClickAsync("#feed li.item:nth-child(2) button.hide");
        await page.WaitForFunctionAsync($"() => !document.querySelector(\"#feed li.item[data-paper-id='{ids[1]}']\")");
        Assert.Equal(2, (await User(user)).FeedbackCount);
        Assert.DoesNotContain(ids[1], await world.FeedIdsAsync(user));

        // Page 2 holds the two papers not shown yet (the feed was re-scored after the feedback: the
        // page token names what was shown, so nothing comes twice); back to page 1.
        await page.ClickAsync("#next");
        await page.WaitForFunctionAsync("() => document.querySelector('#page-label').textContent === 'page 2'");
        var second = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#feed li.item')].map(li => li.dataset.paperId)");
        Assert.Equal(2, second.Length);
        Assert.Empty(second.Intersect(ids));
        await page.ClickAsync("#prev");
        await page.WaitForFunctionAsync("() => document.querySelector('#page-label').textContent === 'page 1'");

        // A live update: papers published now are announced by the watch stream.
        await page.WaitForFunctionAsync("() => document.querySelector('#live').textContent === 'live'");
        var fresh = await world.PublishAsync(Theme.WebApp, count: 2);
        await page.WaitForFunctionAsync("() => !document.querySelector('#news').hidden && document.querySelector('#news-text').textContent.startsWith('2 new')");
        await page.ClickAsync("#show-news");
        await page.WaitForFunctionAsync("() => document.querySelector('#news').hidden");
        var shown = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#feed li.item')].map(li => li.dataset.paperId)");
        var feedNow = await world.FeedIdsAsync(user);
        // A page of 10 has one exploratory slot (the 6th), marked, holding a paper from below the 9 ranked ones.
        var exploring = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#feed li.item.exploratory')].map(li => li.dataset.paperId)");
        Assert.Equal([shown[5]], exploring);
        Assert.Contains("exploring (p 0.", await Text(page, "#feed li.item.exploratory .heads"));
        Assert.Equal(feedNow.Take(9), shown.Except(exploring));
        Assert.Contains(exploring[0], feedNow.Skip(9));
        Assert.Subset(feedNow.ToHashSet(), fresh.ToHashSet());

        Directory.CreateDirectory(Path.GetDirectoryName(Screenshot)!);
        await page.ScreenshotAsync(Screenshot, new ScreenshotOptions { FullPage = true });

        // Every API call the app made carried the token.
        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, call => Assert.Equal("Bearer " + token, call.Authorization));
    }

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent", selector);

    private Task<User> User(string id) =>
        new Users.UsersClient(world.Server.Channel).GetUserAsync(new GetUserRequest { Id = id }).ResponseAsync;
}
