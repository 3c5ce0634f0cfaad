// The end-to-end set-up: a real server process with topics, papers and digest subscribers,
// a real SMTP server process, and helpers to read what was mailed.
using Grpc.Core;
using Google.Protobuf.WellKnownTypes;
using MimeKit;
using Recommender.Api.V1;
using Recommender.Server.Tests.EndToEnd;
using Recommender.Training.Simulation;

namespace Recommender.Digests.Tests.EndToEnd;

internal sealed class DigestWorld : IAsyncDisposable
{
    public const int TopicCount = 3;
    public const int PapersPerTopic = 12;
    /// <summary>More than a topic's papers, so a digest holds the user's whole feed and can be checked exactly.</summary>
    public const int PapersPerDigest = 20;
    public const string HostileTitle = "Graph node <script>alert('digest')</script> & edge message-passing";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "recommender-digest-e2e", Guid.NewGuid().ToString("N"));

    private DigestWorld()
    {
        Server = ServerProcess.Embedded(dataDirectory);
        // Digests are checked against feeds of the followed topic only (a user who follows none gets an empty
        // digest): the interest and trending sources are checked in the server's end-to-end tier.
        Server.Environment["Recommender__InterestProbeTopics"] = "0";
        Server.Environment["Recommender__TrendingPapers"] = "0";
    }

    public ServerProcess Server { get; }
    public SmtpSinkProcess Smtp { get; } = new();
    public Users.UsersClient Users => new(Server.Channel);
    public Feeds.FeedsClient Feeds => new(Server.Channel);
    public Api.V1.Digests.DigestsClient Digests => new(Server.Channel);
    public static string TopicOf(int index) => SyntheticCorpus.Themes[index % TopicCount].Slug;

    /// <summary>Server and SMTP server running; topics created and their papers published (one with markup in its title).</summary>
    public static async Task<DigestWorld> StartAsync()
    {
        var world = new DigestWorld();
        await world.Server.StartAsync();
        await world.Smtp.StartAsync();
        var topics = new Topics.TopicsClient(world.Server.Channel);
        for (var t = 0; t < TopicCount; t++)
        {
            var (slug, words) = SyntheticCorpus.Themes[t];
            var topic = new Topic { Id = slug, Name = slug.Replace('-', ' ') };
            topic.Keywords.AddRange(words.Take(8));
            await topics.CreateTopicAsync(new CreateTopicRequest { Topic = topic });
        }
        var papers = Enumerable.Range(0, TopicCount)
            .SelectMany(t => Enumerable.Range(0, PapersPerTopic).Select(i => ToApi(SyntheticCorpus.PaperOfTheme(t, t * 100 + i, seed: 11))))
            .Append(Hostile());
        using var call = new Papers.PapersClient(world.Server.Channel).Publish();
        var answers = Task.Run(async () => await call.ResponseStream.ReadAllAsync().CountAsync());
        foreach (var paper in papers)
        {
            await call.RequestStream.WriteAsync(new PublishRequest { Paper = paper });
        }
        await call.RequestStream.CompleteAsync();
        await answers;
        return world;
    }

    /// <summary>Creates a digest subscriber following one topic (or none).</summary>
    public async Task AddUserAsync(string id, string email, DigestCadence cadence, string zone, int sendHour, int? topic)
    {
        await Users.UpsertUserAsync(new UpsertUserRequest
        {
            User = new User { Id = id, Email = email, DisplayName = "Reader " + id, Digest = cadence, TimeZone = zone, DigestSendHour = sendHour },
        });
        if (topic is { } t)
        {
            await Users.FollowTopicAsync(new FollowTopicRequest { UserId = id, TopicId = TopicOf(t) });
        }
    }

    public GeneratorOptions Options(bool now = false) => new()
    {
        Server = new Uri(Server.GrpcAddress),
        ServiceToken = Server.Token("digest-generator", "service"),
        Smtp = Smtp.Address,
        PapersPerDigest = PapersPerDigest,
        Now = now,
        From = "Paper digest <digest@recommender.test>",
        UnsubscribeMailto = "unsubscribe@recommender.test",
        Concurrency = 4,
    };

    public async Task<RunSummary> RunAsync(GeneratorOptions options)
    {
        await using var generator = new DigestGenerator(options);
        return await generator.RunOnceAsync();
    }

    /// <summary>Mails received so far, by recipient address.</summary>
    public Dictionary<string, List<MimeMessage>> Mailboxes() => Smtp.Messages()
        .GroupBy(m => m.To.Mailboxes.Single().Address)
        .ToDictionary(g => g.Key, g => g.ToList());

    public async Task<IReadOnlyList<FeedItem>> FeedAsync(string userId) =>
        (await Feeds.GetFeedAsync(new GetFeedRequest { UserId = userId, PageSize = 100 })).Items;

    /// <summary>The https/http URL in List-Unsubscribe.</summary>
    public static string UnsubscribeUrl(MimeMessage message) =>
        (message.Headers[HeaderId.ListUnsubscribe] ?? "").Split(',').Select(p => p.Trim().Trim('<', '>')).Single(p => p.StartsWith("http", StringComparison.Ordinal));

    private static Paper Hostile()
    {
        var paper = ToApi(SyntheticCorpus.PaperOfTheme(0, 999, seed: 11));
        paper.Id = "hostile-1";
        paper.Title = HostileTitle;
        return paper;
    }

    private static Paper ToApi(SyntheticPaper paper)
    {
        var result = new Paper
        {
            Id = paper.Id,
            Title = paper.Title,
            Abstract = paper.Abstract,
            PublishedAt = Timestamp.FromDateTimeOffset(paper.PublishedAt),
            Upvotes = paper.Upvotes,
            Url = $"https://papers.example/{paper.Id}",
        };
        result.Authors.AddRange(paper.Authors);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await Server.DisposeAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
