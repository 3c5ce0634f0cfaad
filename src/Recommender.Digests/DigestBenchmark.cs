// `recommender bench digests`: digests/s of a whole generator pass, beside two floors from the
// same run: rendering alone (Razor, CSS inlining, MIME) and sending one fixed message over SMTP.
using System.Diagnostics;
using Grpc.Core;
using MimeKit;
using Recommender.Api.V1;
using Recommender.Digests.Rendering;
using Recommender.Digests.Sending;

namespace Recommender.Digests;

public sealed record BenchmarkFigures(int Users, double SetupSeconds, double RenderPerSecond, double SendPerSecond, RunSummary Run, double RunSeconds)
{
    public double DigestsPerSecond => Run.Sent / RunSeconds;
}

public static class DigestBenchmark
{
    /// <summary>Creates <paramref name="users"/> daily subscribers ("bench-NNNNNN", each following one of the
    /// given topics) through <paramref name="setupChannel"/> (an admin's), measures both floors, then one pass with --now. The server must hold the topics and papers.</summary>
    public static async Task<BenchmarkFigures> RunAsync(GeneratorOptions options, Grpc.Net.Client.GrpcChannel setupChannel, int users, IReadOnlyList<string> topics, int floorSamples,
        Action<string> progress, CancellationToken cancellationToken)
    {
        using var service = new ServiceConnection(options.Server, options.ServiceToken);
        var setup = Stopwatch.StartNew();
        await CreateUsersAsync(setupChannel, users, topics, progress, cancellationToken);
        setup.Stop();

        var sample = await SampleModelAsync(service, "bench-000000", options, cancellationToken);
        progress($"floor 1: rendering one digest {floorSamples:N0} times");
        var render = await RateAsync(floorSamples, options.Concurrency, async html =>
        {
            var message = DigestMessage.Build(sample, await html.RenderAsync(sample), options.From, "bench@localhost", options.UnsubscribeMailto, DateTimeOffset.UtcNow);
            await message.WriteToAsync(Stream.Null, cancellationToken);
        }, progress);

        progress($"floor 2: sending one fixed message {floorSamples:N0} times");
        double send;
        await using (var html = new DigestHtml())
        {
            // One copy per sender: MailKit prepares a message for the wire in place, so one copy must not be sent twice at once.
            var rendered = await html.RenderAsync(sample);
            var copies = new System.Collections.Concurrent.ConcurrentBag<MimeMessage>(Enumerable.Range(0, options.Concurrency)
                .Select(_ => DigestMessage.Build(sample, rendered, options.From, "bench-fixed@localhost", options.UnsubscribeMailto, DateTimeOffset.UtcNow)));
            await using IMailTransport transport = options.Smtp is { } smtp
                ? new SmtpTransport(smtp, options.SmtpUser, options.SmtpPassword, options.StartTls, TimeSpan.FromSeconds(30))
                : new EmlDirectoryTransport(Path.Combine(options.OutputDirectory, "floor"));
            send = await RateAsync(floorSamples, options.Concurrency, async _ =>
            {
                copies.TryTake(out var message);
                try
                {
                    var result = await transport.SendAsync(message!, cancellationToken);
                    if (result.Status != SendStatus.Accepted)
                    {
                        throw new InvalidOperationException("The SMTP sink refused the fixed message: " + result.Reply);
                    }
                }
                finally
                {
                    copies.Add(message!);
                }
            }, progress);
        }

        progress($"digests for {users:N0} users");
        await using var generator = new DigestGenerator(options with { Now = true });
        var clock = Stopwatch.StartNew();
        var run = await generator.RunOnceAsync(cancellationToken);
        clock.Stop();
        return new BenchmarkFigures(users, setup.Elapsed.TotalSeconds, render, send, run, clock.Elapsed.TotalSeconds);
    }

    private static async Task CreateUsersAsync(Grpc.Net.Client.GrpcChannel channel, int count, IReadOnlyList<string> topics, Action<string> progress, CancellationToken cancellationToken)
    {
        var users = new Users.UsersClient(channel);
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var id = $"bench-{i:D6}";
            await users.UpsertUserAsync(new UpsertUserRequest
            {
                User = new User { Id = id, Email = $"{id}@bench.example", Digest = DigestCadence.Daily, TimeZone = "UTC", DigestSendHour = 0 },
            }, cancellationToken: token);
            await users.FollowTopicAsync(new FollowTopicRequest { UserId = id, TopicId = topics[i % topics.Count] }, cancellationToken: token);
            if (Interlocked.Increment(ref done) % 10_000 == 0)
            {
                progress($"{done:N0} users created");
            }
        });
    }

    /// <summary>The digest of one bench user, as a fixed model for the floors.</summary>
    private static async Task<DigestModel> SampleModelAsync(ServiceConnection service, string userId, GeneratorOptions options, CancellationToken cancellationToken)
    {
        var feed = DigestComposer.Candidates(await service.Feeds.GetFeedAsync(new GetFeedRequest { UserId = userId, PageSize = 100 }, cancellationToken: cancellationToken));
        var request = new PreviewDigestRequest { UserId = userId, MaxPapers = options.PapersPerDigest };
        request.CandidatePaperIds.AddRange(feed.Select(i => i.Paper.Id));
        var preview = await service.Digests.PreviewDigestAsync(request, cancellationToken: cancellationToken);
        return DigestComposer.Compose(preview.Claim, feed, preview.Papers);
    }

    /// <summary>Operations per second of <paramref name="count"/> runs of <paramref name="operation"/>, <paramref name="concurrency"/> at a time, after a tenth as many untimed.</summary>
    private static async Task<double> RateAsync(int count, int concurrency, Func<DigestHtml, Task> operation, Action<string> progress)
    {
        await using var html = new DigestHtml();
        // Not the floor: a tenth as many first, while the JIT compiles the path (a cold floor flatters the ratio against it).
        var warmUp = await TimedRateAsync(Math.Max(1, count / 10), concurrency, operation, html);
        var rate = await TimedRateAsync(count, concurrency, operation, html);
        progress($"  {rate:N0}/s ({warmUp:N0}/s over a tenth as many first, not counted)");
        return rate;
    }

    private static async Task<double> TimedRateAsync(int count, int concurrency, Func<DigestHtml, Task> operation, DigestHtml html)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, _) => await operation(html));
        return count / clock.Elapsed.TotalSeconds;
    }
}
