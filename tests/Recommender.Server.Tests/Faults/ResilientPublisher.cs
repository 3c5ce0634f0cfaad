// A publishing client that does what the API asks of one after a failure: it publishes again every paper
// whose answer it did not get (ACCEPTED papers then come back DUPLICATE of themselves), on another server.
using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed class ResilientPublisher(IReadOnlyList<GrpcChannel> channels)
{
    private readonly ConcurrentDictionary<string, PublishStatus> firstAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> stored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<StatusCode, int> failures = new();
    private long sent;
    private long answered;
    private long accepted;
    private long republished;

    public long Sent => Interlocked.Read(ref sent);
    public long Answered => Interlocked.Read(ref answered);
    /// <summary>Papers answered ACCEPTED (each paper at most once).</summary>
    public long Accepted => Interlocked.Read(ref accepted);
    /// <summary>Papers published again because their first answer never came.</summary>
    public long Republished => Interlocked.Read(ref republished);
    /// <summary>Ids the service holds by its answers: ACCEPTED, or DUPLICATE of themselves (stored by an attempt whose answer was lost).</summary>
    public IReadOnlyCollection<string> Stored => stored.Keys.ToArray();
    /// <summary>Ids answered ACCEPTED.</summary>
    public IEnumerable<string> AcceptedIds => firstAnswers.Where(a => a.Value == PublishStatus.Accepted).Select(a => a.Key);
    /// <summary>How each failed stream ended.</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => failures;
    public int StreamErrors => failures.Values.Sum();

    /// <summary>Publishes <paramref name="papers"/> on <paramref name="streams"/> concurrent streams, stream i starting on server i.</summary>
    public Task PublishAsync(IReadOnlyList<Paper> papers, int streams, CancellationToken cancellation = default) =>
        Task.WhenAll(Enumerable.Range(0, streams).Select(stream =>
            PublishOnAsync(papers.Where((_, i) => i % streams == stream).ToList(), stream, cancellation)));

    private async Task PublishOnAsync(List<Paper> pending, int server, CancellationToken cancellation)
    {
        for (var attempt = 0; pending.Count > 0; attempt++, server++)
        {
            if (attempt >= 100)
            {
                throw new InvalidOperationException($"{pending.Count} papers still unanswered after 100 attempts");
            }
            if (attempt > 0)
            {
                Interlocked.Add(ref republished, pending.Count);
                await Task.Delay(200, cancellation);
            }
            pending = await AttemptAsync(pending, channels[server % channels.Count], cancellation);
        }
    }

    /// <summary>One stream: sends every pending paper, returns those left unanswered.</summary>
    private async Task<List<Paper>> AttemptAsync(List<Paper> pending, GrpcChannel channel, CancellationToken cancellation)
    {
        var answeredHere = new bool[pending.Count];
        try
        {
            using var call = new Papers.PapersClient(channel).Publish(deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: cancellation);
            var reading = Task.Run(async () =>
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellation))
                {
                    answeredHere[response.Sequence] = true;
                    Record(pending[(int)response.Sequence], response);
                }
            }, cancellation);
            try
            {
                foreach (var paper in pending)
                {
                    await call.RequestStream.WriteAsync(new PublishRequest { Paper = paper }, cancellation);
                    Interlocked.Increment(ref sent);
                }
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or IOException or InvalidOperationException)
            {
                // The stream broke while sending; the reader reports how.
            }
            await reading;
        }
        catch (RpcException e)
        {
            failures.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
        }
        catch (IOException)
        {
            failures.AddOrUpdate(StatusCode.Unavailable, 1, (_, n) => n + 1);
        }
        return pending.Where((_, i) => !answeredHere[i]).ToList();
    }

    private void Record(Paper paper, PublishResponse response)
    {
        Interlocked.Increment(ref answered);
        if (firstAnswers.TryAdd(paper.Id, response.Status) && response.Status == PublishStatus.Accepted)
        {
            Interlocked.Increment(ref accepted);
        }
        if (response.Status == PublishStatus.Accepted || (response.Status == PublishStatus.Duplicate && response.DuplicateOf == paper.Id))
        {
            stored[paper.Id] = paper.Id;
        }
    }
}
