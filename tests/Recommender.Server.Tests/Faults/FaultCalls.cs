// Unary calls as a careful client makes them during a fault: a retryable failure is tried again on the next
// server; each attempt's status is counted, and the first answer that is not retryable ends the call.
using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;

namespace Recommender.Server.Tests.Faults;

public sealed class FaultCalls(IReadOnlyList<GrpcChannel> channels)
{
    /// <summary>The statuses the API documents as "not acknowledged, safe to retry".</summary>
    public static readonly StatusCode[] Retryable = [StatusCode.Unavailable, StatusCode.DeadlineExceeded];

    private readonly ConcurrentDictionary<StatusCode, int> failures = new();
    private long acked;

    /// <summary>Failed attempts by status (each was retried).</summary>
    public IReadOnlyDictionary<StatusCode, int> Failures => failures;

    public int Errors => failures.Values.Sum();

    public long Acked => Interlocked.Read(ref acked);

    /// <summary>Calls until an answer comes; <paramref name="server"/> picks the first server tried.</summary>
    public async Task<T> CallAsync<T>(int server, Func<GrpcChannel, Task<T>> call, int attempts = 60)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await call(channels[(server + attempt) % channels.Count]);
                Interlocked.Increment(ref acked);
                return result;
            }
            catch (RpcException e) when (attempt + 1 < attempts && (Retryable.Contains(e.StatusCode) || e.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled))
            {
                // Internal, Unknown and Cancelled are counted too: a scenario asserts none came from a live server.
                failures.AddOrUpdate(e.StatusCode, 1, (_, n) => n + 1);
                await Task.Delay(250);
            }
        }
    }

    public static string Describe(IReadOnlyDictionary<StatusCode, int> statuses) =>
        statuses.Count == 0 ? "none" : string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"));
}
