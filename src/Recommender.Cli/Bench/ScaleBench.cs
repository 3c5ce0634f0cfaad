// `recommender bench scale`: the fan-out at the readership the service is built for. Prints
// every figure beside a floor measured in the same run: a trivial unary call (health Check),
// the same ingest into topics nobody follows, and the raw ranker on as many pairs.
// The trivial call is the standard health Check of the "liveness" service.
using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Recommender.Api.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;
using Spectre.Console;

namespace Recommender.Cli.Bench;

public sealed class ScaleBench(GrpcChannel channel, ScaleWorkload world, ScaleBenchOptions options)
{
    private readonly Papers.PapersClient papers = new(channel);
    private readonly Users.UsersClient users = new(channel);
    private readonly Feeds.FeedsClient feeds = new(channel);
    private readonly Health.HealthClient health = new(channel);
    private readonly Table results = new Table().AddColumns("measure", "value", "floor (same run)", "ratio", "target");
    private readonly string run = Guid.NewGuid().ToString("N")[..6];

    /// <summary>The floor for reads: health's "liveness" only asks the silo in memory, nothing else.</summary>
    private static readonly HealthCheckRequest Trivial = new() { Service = "liveness" };

    public async Task RunAsync(CancellationToken cancellation)
    {
        var rssStart = Rss();
        await CreateTopics(cancellation);
        // Not a figure: the first thousands of papers run while the server JIT-compiles its ingest path
        // (perf: half of a first ingest's samples are the JIT and the runtime), which made a floor
        // measured on them ~30% low; 2,500 papers in the floor's own topics were not enough to warm it.
        // These are written in words no topic has; the hashed encoder's noise still routes about half
        // of them to some topic, ~3 more papers in each topic's window when the users register.
        await PublishAndFanOut("warm-up", options.Papers / 4, i => world.Topics + i % world.Topics, cancellation, followed: false);
        // The floor: the same ingest into the same topics while nobody follows anything yet.
        var cold = await PublishAndFanOut("cold", options.Papers / 4, i => i % world.Topics, cancellation, followed: false);
        var setup = await RegisterUsers(cancellation);
        var trivial = await Rate(() => health.CheckAsync(Trivial).ResponseAsync, TimeSpan.FromSeconds(3));
        var trivialRate = trivial.PerSecond;
        Row("UpsertUser + FollowTopic, calls/s", setup, trivialRate, "≥ 2,000");
        var rssUsers = Rss();
        if (rssTenth > 0)
        {
            // The slope, not the total: what each further user costs, without the server's warm-up
            // (JIT code, buffer pools, the model's arena) that the first requests pay once.
            AnsiConsole.MarkupLineInterpolated($"server RSS {rssTenth / 1024:N0} MB with 10% of the users, {rssUsers / 1024:N0} MB with all: {(rssUsers - rssTenth) * 1024.0 / (world.Users - world.Users / 10):N0} bytes per further user while their grains are active");
        }

        var hot = await PublishAndFanOut("hot", options.Papers, i => i % world.Topics, cancellation);
        Row("publish, papers/s until every follower is scored", hot.FannedOutRate, cold.FannedOutRate, "≥ 25% and ≥ 2,000");
        Row("publish, papers/s acknowledged", hot.AckRate, cold.AckRate, "");
        if (options.ServerPid is not null)
        {
            Row("server CPU per paper fanned out, ms", hot.CpuMillisecondsPerPaper, cold.CpuMillisecondsPerPaper, "", "N2");
        }
        var rawPairs = RawScorerPairsPerSecond(hot.Pairs);
        Row("pairs scored per second in fan-out", hot.Pairs / hot.FannedOutSeconds, rawPairs, "");

        var (seen, missed) = await VisibleLatency(cancellation);
        var (missing, outscored) = await Classify(missed, cancellation);
        // A paper not seen within the wait counts at the cap, so a loss shows in the p99.
        var sorted = seen.Concat(Enumerable.Repeat(MaxWait.TotalMilliseconds, missing)).Order().DefaultIfEmpty(double.NaN).ToArray();
        AnsiConsole.MarkupLineInterpolated($"publish → visible at {options.LatencyRate} papers/s: p50 {Percentile(sorted, 0.5):N0} ms, p99 {Percentile(sorted, 0.99):N0} ms over {sorted.Length} (paper, follower) pairs, {missing} of them never seen (target p99 ≤ 1,000 ms); {outscored} pairs left out: the paper did not rank among a full feed's {FullFeed}");
        var burst = await PublishAndFanOut("burst", 2000, i => (i * 13) % world.Topics, cancellation);
        AnsiConsole.MarkupLineInterpolated($"burst of 2,000 papers: all fanned out {burst.FannedOutSeconds:N1} s after the first was sent (target ≤ 10 s)");

        var (feedP50, oneP50, trivialP50) = await ReadLatency(cancellation);
        Row("GetFeed(20) p50, µs", feedP50, trivialP50, "≤ 1.3×");
        // Not a target: the same read answering one item, to tell the read path's fixed cost from its payload's.
        Row("GetFeed(1) p50, µs", oneP50, trivialP50, "");
        var feed = await Rate(() => ReadAnyFeed(0, cancellation), TimeSpan.FromSeconds(5));
        Row("GetFeed(20), req/s", feed.PerSecond, trivialRate, "≥ 10,000");
        // Not targets: where a read's cost lies, beside the trivial call's, as both ran with the same calls in flight.
        if (options.ServerPid is not null)
        {
            Row("GetFeed(20), server CPU per call, µs", feed.ServerMicroseconds, trivial.ServerMicroseconds, "");
        }
        Row("GetFeed(20), client CPU per call, µs", feed.ClientMicroseconds, trivial.ClientMicroseconds, "");
        var rssEnd = Rss();
        if (rssStart > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"server RSS: {rssStart / 1024:N0} MB at start, {rssUsers / 1024:N0} MB after users, {rssEnd / 1024:N0} MB at the end: {(rssEnd - rssStart) * 1024.0 / world.Users:N0} bytes per user (target ≤ 4,096)");
        }
        if (options.SettleSeconds > 0 && rssStart > 0)
        {
            var settled = await Settle(TimeSpan.FromSeconds(options.SettleSeconds), cancellation);
            AnsiConsole.MarkupLineInterpolated($"server RSS after {options.SettleSeconds:N0} s with light reads (idle user grains collected): {settled / 1024:N0} MB: {(settled - rssStart) * 1024.0 / world.Users:N0} bytes per registered user over the start (target ≤ 4,096)");
        }
        AnsiConsole.Write(results);
    }

    private void Row(string measure, double value, double floor, string target, string format = "N0") =>
        results.AddRow(measure, value.ToString(format), floor.ToString(format), floor > 0 ? $"{value / floor:0.00}" : "", target);

    private async Task CreateTopics(CancellationToken cancellation)
    {
        var topics = new Recommender.Api.V1.Topics.TopicsClient(channel);
        var all = Enumerable.Range(0, world.Topics).Select(world.Topic);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellation },
            async (topic, token) => await topics.CreateTopicAsync(new CreateTopicRequest { Topic = topic }, cancellationToken: token));
    }

    private long registered;
    private long rssTenth;

    private async Task<double> RegisterUsers(CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, world.Users), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellation },
            async (user, token) =>
            {
                var id = ScaleWorkload.UserId(user);
                await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = id } }, cancellationToken: token);
                foreach (var topic in world.FollowsOf(user))
                {
                    await users.FollowTopicAsync(new FollowTopicRequest { UserId = id, TopicId = ScaleWorkload.TopicId(topic) }, cancellationToken: token);
                }
                var done = Interlocked.Add(ref calls, 1 + world.FollowsOf(user).Count());
                if (Interlocked.Increment(ref registered) == world.Users / 10)
                {
                    rssTenth = Rss();
                }
                if (user % 10_000 == 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"  users: {user:N0} registered, {done / clock.Elapsed.TotalSeconds:N0} calls/s");
                }
            });
        return calls / clock.Elapsed.TotalSeconds;
    }

    /// <param name="ServerCpuSeconds">The server's CPU time (user + system) over the run: on a machine shared with other work it is the figure that noise moves least.</param>
    private sealed record PublishRun(double AckRate, double FannedOutRate, double FannedOutSeconds, long Pairs, double ServerCpuSeconds, int Papers)
    {
        public double CpuMillisecondsPerPaper => Papers > 0 ? ServerCpuSeconds * 1000 / Papers : 0;
    }

    /// <summary>Publishes <paramref name="count"/> papers on one stream, then waits until each is fanned out.</summary>
    private async Task<PublishRun> PublishAndFanOut(string label, int count, Func<int, int> wordSpace, CancellationToken cancellation, bool followed = true)
    {
        var name = $"{run}{label}";
        var cpu = ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        var responses = await Publish(Enumerable.Range(0, count).Select(i => ScaleWorkload.Paper(name, i, wordSpace(i))), cancellation);
        var acked = clock.Elapsed.TotalSeconds;
        var accepted = responses.Where(r => r.Status == PublishStatus.Accepted).ToArray();
        await WaitFannedOut(accepted.Select(r => r.PaperId), cancellation);
        var fannedOut = clock.Elapsed.TotalSeconds;
        var pairs = followed ? accepted.Sum(r => r.Topics.Sum(t => (long)Followers(t.TopicId))) : 0;
        cpu = ServerCpuSeconds() - cpu;
        var routed = accepted.Count(r => r.Topics.Count > 0);
        AnsiConsole.MarkupLineInterpolated($"  {label}: {accepted.Length:N0} accepted of {count:N0} ({routed:N0} routed to a topic) in {acked:N1} s, all fanned out after {fannedOut:N1} s ({pairs:N0} pairs); server CPU {cpu:N1} s");
        return new PublishRun(count / acked, accepted.Length / fannedOut, fannedOut, pairs, cpu, accepted.Length);
    }

    private Dictionary<int, int>? followerCounts;

    private int Followers(string topicId)
    {
        followerCounts ??= Enumerable.Range(0, world.Users).SelectMany(world.FollowsOf).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        return topicId.StartsWith("scale-t", StringComparison.Ordinal) ? followerCounts.GetValueOrDefault(int.Parse(topicId["scale-t".Length..])) : 0;
    }

    private async Task<List<PublishResponse>> Publish(IEnumerable<Paper> stream, CancellationToken cancellation)
    {
        using var call = papers.Publish(cancellationToken: cancellation);
        var reading = Task.Run(async () =>
        {
            var list = new List<PublishResponse>();
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellation))
            {
                list.Add(response);
            }
            return list;
        }, cancellation);
        foreach (var paper in stream)
        {
            await call.RequestStream.WriteAsync(new PublishRequest { Paper = paper }, cancellation);
        }
        await call.RequestStream.CompleteAsync();
        return await reading;
    }

    /// <summary>
    /// Asks for the papers not yet fanned out, up to 1,000 per status call, every 20 ms until none is left: as a
    /// publisher would, and at a cost to the server that stays out of the figures (a GetPaper per paper, each reading the
    /// paper's row and payload, cost the server about 0.1 ms of CPU per paper and held the no-follower floor down).
    /// </summary>
    private Task WaitFannedOut(IEnumerable<string> ids, CancellationToken cancellation) =>
        Import.FanOutWait.WaitAsync(papers, ids, TimeSpan.FromMilliseconds(20), null, cancellation);

    /// <summary>How long a check waits for its paper.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    /// <summary>The page a check reads: the whole feed at the service's default size (K = 100).</summary>
    private const int FullFeed = 100;

    /// <summary>
    /// Publishes at a steady rate; for each paper, polls three followers of its topic until it is in their feed.
    /// Answers the latencies of the pairs seen, and the pairs never seen within <see cref="MaxWait"/>: a follower's
    /// feed is full from sign-up on (trending and interest papers), so a new paper that ranks below all of it
    /// never enters, as the target allows ("every follower whose feed it enters").
    /// </summary>
    private async Task<(IReadOnlyCollection<double> Seen, IReadOnlyCollection<(string User, string PaperId)> Missed)> VisibleLatency(CancellationToken cancellation)
    {
        const int topicsUsed = 50;
        var followersOf = new Dictionary<int, string[]>();
        for (var topic = 0; topic < Math.Min(topicsUsed, world.Topics); topic++)
        {
            followersOf[topic] = Enumerable.Range(0, 3).Select(k => $"scale-{run}-watcher-{topic}-{k}").ToArray();
            foreach (var user in followersOf[topic])
            {
                await users.UpsertUserAsync(new UpsertUserRequest { User = new User { Id = user } }, cancellationToken: cancellation);
                await users.FollowTopicAsync(new FollowTopicRequest { UserId = user, TopicId = ScaleWorkload.TopicId(topic) }, cancellationToken: cancellation);
            }
        }
        var latencies = new ConcurrentBag<double>();
        var missed = new ConcurrentBag<(string User, string PaperId)>();
        using var call = papers.Publish(cancellationToken: cancellation);
        var sent = new ConcurrentDictionary<long, (long Ticks, int Topic)>();
        var total = (int)(options.LatencyRate * options.LatencySeconds);
        var checks = new List<Task>();
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellation))
            {
                var (ticks, topic) = sent[response.Sequence];
                foreach (var user in followersOf.GetValueOrDefault(topic, []))
                {
                    lock (checks)
                    {
                        checks.Add(WaitVisible(user, response.PaperId, ticks, latencies, missed, cancellation));
                    }
                }
            }
        }, cancellation);
        var interval = TimeSpan.FromSeconds(1.0 / options.LatencyRate);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var topic = i % followersOf.Count;
            sent[i] = (Stopwatch.GetTimestamp(), topic);
            await call.RequestStream.WriteAsync(new PublishRequest { Paper = ScaleWorkload.Paper($"{run}lat", i, topic) }, cancellation);
            var wait = interval * (i + 1) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellation);
            }
        }
        await call.RequestStream.CompleteAsync();
        await reader;
        Task[] all;
        lock (checks)
        {
            all = checks.ToArray();
        }
        await Task.WhenAll(all);
        return (latencies, missed);
    }

    private async Task WaitVisible(string user, string paperId, long sentTicks, ConcurrentBag<double> latencies,
        ConcurrentBag<(string User, string PaperId)> missed, CancellationToken cancellation)
    {
        while (Stopwatch.GetElapsedTime(sentTicks) < MaxWait)
        {
            var feed = await feeds.GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = FullFeed }, cancellationToken: cancellation);
            if (feed.Items.Any(i => i.Paper.Id == paperId))
            {
                latencies.Add(Stopwatch.GetElapsedTime(sentTicks).TotalMilliseconds);
                return;
            }
            await Task.Delay(20, cancellation);
        }
        missed.Add((user, paperId));
    }

    /// <summary>
    /// Sorts the pairs never seen: a paper that is fanned out but absent from a full feed ranked below all of it
    /// (outscored, left out of the figures); any other (in the feed only now, not fanned out, or absent from a feed
    /// with room) is missing and counts at the cap. Prints a few of each.
    /// </summary>
    private async Task<(int Missing, int Outscored)> Classify(IReadOnlyCollection<(string User, string PaperId)> missed, CancellationToken cancellation)
    {
        var (missing, outscored) = (0, 0);
        foreach (var (user, paperId) in missed)
        {
            var status = await papers.GetFanOutStatusAsync(new GetFanOutStatusRequest { PaperIds = { paperId } }, cancellationToken: cancellation);
            var feed = await feeds.GetFeedAsync(new GetFeedRequest { UserId = user, PageSize = FullFeed }, cancellationToken: cancellation);
            var inFeed = feed.Items.Any(i => i.Paper.Id == paperId);
            var isOutscored = status.Papers[0].FannedOut && !inFeed && feed.Total >= FullFeed;
            var alike = isOutscored ? ++outscored : ++missing;
            if (alike <= 3)
            {
                var lowest = feed.Items.Count > 0 ? feed.Items.Min(i => i.Score) : double.NaN;
                AnsiConsole.MarkupLineInterpolated($"  {(isOutscored ? "outscored" : "missing")}: {paperId} for {user}: fanned out {status.Papers[0].FannedOut}, in the feed now {inFeed}, feed of {feed.Total} with the lowest score {lowest:N4}");
            }
        }
        return (missing, outscored);
    }

    private async Task<(double Feed, double One, double Trivial)> ReadLatency(CancellationToken cancellation)
    {
        var calls = new Func<Task>[]
        {
            () => ReadAnyFeed(0, cancellation),
            () => ReadAnyFeed(1, cancellation),
            () => health.CheckAsync(Trivial, cancellationToken: cancellation).ResponseAsync,
        };
        var times = calls.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < 3000; i++)
        {
            // Interleaved, so that all see the same machine.
            for (var c = 0; c < calls.Length; c++)
            {
                var started = Stopwatch.GetTimestamp();
                await calls[c]();
                times[c].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }
        var p50 = times.Select(t => Percentile(t.Order().ToArray(), 0.5)).ToArray();
        return (p50[0], p50[1], p50[2]);
    }

    /// <summary>A page of a random user's feed; page size 0 asks for the default (20).</summary>
    private Task<GetFeedResponse> ReadAnyFeed(int pageSize, CancellationToken cancellation) =>
        feeds.GetFeedAsync(new GetFeedRequest { UserId = ScaleWorkload.UserId(Random.Shared.Next(world.Users)), PageSize = pageSize }, cancellationToken: cancellation).ResponseAsync;

    /// <summary>Calls per second with <see cref="ScaleBenchOptions.Concurrency"/> in flight, and the CPU each call cost the server and this client.</summary>
    private async Task<RateRun> Rate(Func<Task> call, TimeSpan duration)
    {
        long count = 0;
        var (server, client) = (ServerCpuSeconds(), Environment.CpuUsage.TotalTime);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Concurrency), async (_, _) =>
        {
            while (clock.Elapsed < duration)
            {
                await call();
                Interlocked.Increment(ref count);
            }
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        var perCall = 1e6 / Math.Max(1, count);
        return new RateRun(count / elapsed, (ServerCpuSeconds() - server) * perCall, (Environment.CpuUsage.TotalTime - client).TotalSeconds * perCall);
    }

    /// <param name="ServerMicroseconds">Server CPU per call (0 without the server's pid).</param>
    /// <param name="ClientMicroseconds">This process's CPU per call: the two share the machine, so a call's cost is both.</param>
    private sealed record RateRun(double PerSecond, double ServerMicroseconds, double ClientMicroseconds);

    /// <summary>The floor of fan-out: the same ranker scoring as many pairs in batches of 8,192, in this process.</summary>
    private double RawScorerPairsPerSecond(long pairs)
    {
        if (options.ModelPath is null || pairs == 0)
        {
            return 0;
        }
        using var ranker = OnnxRanker.Load(options.ModelPath, PairFeatures.Names);
        const int batch = 8192;
        var features = new float[batch * PairFeatures.Count];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)Random.Shared.NextDouble();
        }
        var tasks = new float[batch * ranker.Descriptor.TaskNames.Count];
        var combined = new float[batch];
        var clock = Stopwatch.StartNew();
        for (long done = 0; done < pairs; done += batch)
        {
            ranker.Score(features, batch, tasks, combined);
        }
        return pairs / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Waits, reading one feed every 10 ms (a light load, as a quiet hour would bring), and answers the RSS then.</summary>
    private async Task<long> Settle(TimeSpan duration, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await feeds.GetFeedAsync(new GetFeedRequest { UserId = ScaleWorkload.UserId(Random.Shared.Next(world.Users)) }, cancellationToken: cancellation);
            await Task.Delay(10, cancellation);
        }
        return Rss();
    }

    /// <summary>User + system CPU seconds the server has used (/proc/PID/stat, in clock ticks of 1/100 s); 0 without a pid.</summary>
    private double ServerCpuSeconds()
    {
        if (options.ServerPid is not { } pid)
        {
            return 0;
        }
        // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are the 12th and 13th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private long Rss()
    {
        if (options.ServerPid is not { } pid)
        {
            return 0;
        }
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

public sealed record ScaleBenchOptions(int Papers, int Concurrency, double LatencyRate, int LatencySeconds, int? ServerPid, string? ModelPath, int SettleSeconds = 0);
