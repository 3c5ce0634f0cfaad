// One embedded server shared by the read-side tests (REST, ETags, paging, WatchFeed, web app),
// with helpers to add topics, users and papers over gRPC. A follower gets a topic's recent papers
// at once, so each test publishes into a theme (and topic) of its own.
using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Training.Simulation;

namespace Recommender.Server.Tests.Web;

public sealed class ReadSideServer : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "recommender-read-side", Guid.NewGuid().ToString("N"));
    // Papers published so far per theme. A theme's papers are numbered within its own range, so each test gets
    // the same papers whichever tests ran before it (a paper's text, and so its routing, follows its number).
    private readonly int[] published = new int[SyntheticCorpus.Themes.Count];
    private const int PapersPerTheme = 1_000;

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>Carries an admin token.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = ServerProcess.Embedded(dataDirectory);
        // Short heartbeats, so a test sees one without waiting long.
        Server.Environment["Recommender__WatchHeartbeat"] = "00:00:01";
        // The read-side tests share this server's catalogue and expect feeds of their followed topics only: another
        // test's upvoted papers or nearby topics must not enter them (EndToEnd/ checks feeds with every source on).
        Server.Environment["Recommender__InterestProbeTopics"] = "0";
        Server.Environment["Recommender__TrendingPapers"] = "0";
        await Server.StartAsync();
        Http = Server.Http("admin");
        (Http.BaseAddress, Http.Timeout) = (new Uri($"http://127.0.0.1:{Server.HttpPort}/"), TimeSpan.FromSeconds(30));
    }

    /// <summary>A plain HTTP client carrying a user token of <paramref name="userId"/> (null: no token at all).</summary>
    public HttpClient HttpAs(string? userId)
    {
        var http = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (userId is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", Server.Token(userId, "user"));
        }
        return http;
    }

    /// <summary>The topic of a synthetic theme (its id is the theme's slug), created on first use.</summary>
    public async Task<string> TopicAsync(int theme)
    {
        var (slug, words) = SyntheticCorpus.Themes[theme];
        var topic = new Topic { Id = slug, Name = char.ToUpperInvariant(slug[0]) + slug[1..].Replace('-', ' ') };
        topic.Keywords.AddRange(words.Take(8));
        await new Topics.TopicsClient(Server.Channel).CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        return slug;
    }

    /// <summary>A new user following <paramref name="follows"/>.</summary>
    public async Task<string> NewUserAsync(string name, params string[] follows)
    {
        var id = $"{name}-{Guid.NewGuid():N}"[..24];
        var users = new Users.UsersClient(Server.Channel);
        await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = id } });
        foreach (var topic in follows)
        {
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = id, TopicId = topic });
        }
        return id;
    }

    /// <summary>Publishes <paramref name="count"/> new papers of a synthetic theme and waits until they are in their followers' feeds; their ids.</summary>
    public async Task<string[]> PublishAsync(int theme, int count)
    {
        var end = Interlocked.Add(ref published[theme], count);
        Assert.True(end <= PapersPerTheme, $"theme {theme} would run into the next theme's paper numbers");
        var first = theme * PapersPerTheme + end - count;
        var papers = Enumerable.Range(first, count).Select(i => Workload.ToApi(SyntheticCorpus.PaperOfTheme(theme, i, seed: 11))).ToArray();
        var responses = await EndToEndScenarios.PublishAll(Server, papers);
        Assert.All(responses, r => Assert.Equal(PublishStatus.Accepted, r.Status));
        await EndToEndScenarios.WaitUntilFannedOut(Server, responses);
        return responses.Select(r => r.PaperId).ToArray();
    }

    /// <summary>Every paper id of a user's feed, in order (gRPC).</summary>
    public async Task<string[]> FeedIdsAsync(string userId)
    {
        var feed = await new Recommender.Api.V1.Feeds.FeedsClient(Server.Channel).GetFeedAsync(new GetFeedRequest { UserId = userId, PageSize = 100 });
        return feed.Items.Select(i => i.Paper.Id).ToArray();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static JsonContent Body(object value) => JsonContent.Create(value);

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReadSideCollection : ICollectionFixture<ReadSideServer>
{
    public const string Name = "read side";
}
