// An in-memory Publish call: a fake server answers each request in order, recording
// how many requests were ever unanswered at once.
using System.Threading.Channels;
using Grpc.Core;
using Recommender.Api.V1;

namespace Recommender.Cli.Tests;

internal sealed class FakePublishCall : IClientStreamWriter<PublishRequest>, IAsyncStreamReader<PublishResponse>
{
    private readonly Channel<PublishRequest> _requests = Channel.CreateUnbounded<PublishRequest>();
    private readonly Channel<PublishResponse> _responses = Channel.CreateUnbounded<PublishResponse>();
    private readonly HashSet<string> _stored = [];
    private long _written;
    private long _answered;

    public int MaxInFlight { get; private set; }
    public int? FailAfter { get; init; }
    public List<PublishRequest> Received { get; } = [];

    public FakePublishCall(IEnumerable<string>? alreadyStored = null)
    {
        _stored.UnionWith(alreadyStored ?? []);
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        long sequence = 0;
        await foreach (var request in _requests.Reader.ReadAllAsync())
        {
            if (FailAfter == sequence)
            {
                _responses.Writer.Complete(new RpcException(new Status(StatusCode.Unavailable, "server went away")));
                return;
            }
            // Yielding lets the client run ahead until its window is full.
            await Task.Yield();
            Received.Add(request);
            var paper = request.Paper;
            var response = new PublishResponse { PaperId = paper.Id, Sequence = sequence++ };
            if (paper.Title.Length == 0)
            {
                response.Status = PublishStatus.Rejected;
                response.Reason = "title: required";
            }
            else
            {
                response.Status = _stored.Add(paper.Id) ? PublishStatus.Accepted : PublishStatus.Duplicate;
            }
            Interlocked.Increment(ref _answered);
            await _responses.Writer.WriteAsync(response);
        }
        _responses.Writer.Complete();
    }

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(PublishRequest message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(PublishRequest message, CancellationToken cancellationToken)
    {
        var inFlight = (int)(Interlocked.Increment(ref _written) - Interlocked.Read(ref _answered));
        MaxInFlight = Math.Max(MaxInFlight, inFlight);
        await _requests.Writer.WriteAsync(message, cancellationToken);
    }

    public Task CompleteAsync()
    {
        _requests.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public PublishResponse Current { get; private set; } = new();

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await _responses.Reader.WaitToReadAsync(cancellationToken))
        {
            return false;
        }
        Current = await _responses.Reader.ReadAsync(cancellationToken);
        return true;
    }
}
