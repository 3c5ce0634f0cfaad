// Papers API: the publish stream (batched into the ingest grain), paper look-ups, the fan-out
// status of a publisher's batch, and the paged paper-vector listing used by topic discovery.
using System.Threading.Channels;
using Grpc.Core;
using Recommender.Abstractions.Ingest;
using Recommender.Abstractions.Papers;
using V1 = Recommender.Api.V1;
using Recommender.Storage.Papers;

namespace Recommender.Server.Api;

public sealed class PapersService(IGrainFactory grains, IPaperStore store) : V1.Papers.PapersBase
{
    /// <summary>At most this many papers go to the ingest grain in one call.</summary>
    public const int MaxBatch = 256;

    /// <summary>At most this many batches of one stream are being ingested at once.</summary>
    public const int MaxInFlight = 3;

    /// <summary>At most this many paper ids in one <see cref="GetFanOutStatus"/> call.</summary>
    public const int MaxStatusIds = 1_000;

    public override async Task Publish(IAsyncStreamReader<V1.PublishRequest> requestStream,
        IServerStreamWriter<V1.PublishResponse> responseStream, ServerCallContext context)
    {
        // A bounded buffer between reading and ingesting: the client is slowed down
        // (HTTP/2 flow control) rather than the server buffering without limit.
        var pending = Channel.CreateBounded<V1.PublishRequest>(new BoundedChannelOptions(MaxBatch * 4) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
                {
                    await pending.Writer.WriteAsync(request, context.CancellationToken);
                }
                pending.Writer.Complete();
            }
            catch (Exception e)
            {
                pending.Writer.Complete(e);
            }
        });

        // Up to MaxInFlight batches are ingested at once (the store's commits overlap with
        // encoding and fan-out); answers still go out in request order.
        long sequence = 0;
        var inFlight = new Queue<Task<V1.PublishResponse[]>>();
        var more = pending.Reader.WaitToReadAsync(context.CancellationToken).AsTask();
        while (true)
        {
            if (more.IsCompleted && inFlight.Count < MaxInFlight)
            {
                if (!await more)
                {
                    break;
                }
                var batch = new List<V1.PublishRequest>(MaxBatch);
                while (batch.Count < MaxBatch && pending.Reader.TryRead(out var request))
                {
                    batch.Add(request);
                }
                inFlight.Enqueue(IngestAsync(batch, sequence));
                sequence += batch.Count;
                more = pending.Reader.WaitToReadAsync(context.CancellationToken).AsTask();
                continue;
            }
            if (inFlight.Count == 0)
            {
                await more;
                continue;
            }
            // Waiting for input must not hold back answers the client is waiting for.
            var oldest = inFlight.Peek();
            await (inFlight.Count < MaxInFlight ? Task.WhenAny(more, oldest) : (Task)oldest);
            if (oldest.IsCompleted)
            {
                await WriteAsync(responseStream, await inFlight.Dequeue(), context.CancellationToken);
            }
        }
        while (inFlight.Count > 0)
        {
            await WriteAsync(responseStream, await inFlight.Dequeue(), context.CancellationToken);
        }
        await reader;
    }

    private static async Task WriteAsync(IServerStreamWriter<V1.PublishResponse> stream, V1.PublishResponse[] responses, CancellationToken cancellationToken)
    {
        foreach (var response in responses)
        {
            await stream.WriteAsync(response, cancellationToken);
        }
    }

    private async Task<V1.PublishResponse[]> IngestAsync(List<V1.PublishRequest> batch, long firstSequence)
    {
        var responses = new V1.PublishResponse[batch.Count];
        var valid = new List<(int Index, PaperRecord Paper)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                valid.Add((i, PaperValidation.ToRecord(batch[i].Paper)));
            }
            catch (RpcException e)
            {
                responses[i] = new V1.PublishResponse
                {
                    PaperId = batch[i].Paper?.Id ?? "",
                    Status = V1.PublishStatus.Rejected,
                    Reason = e.Status.Detail,
                };
            }
        }
        if (valid.Count > 0)
        {
            var outcomes = await grains.GetGrain<IIngestGrain>(0).IngestBatch(valid.Select(v => v.Paper).ToArray());
            for (var v = 0; v < valid.Count; v++)
            {
                responses[valid[v].Index] = ToApi(outcomes[v]);
            }
        }
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i].Sequence = firstSequence + i;
        }
        return responses;
    }

    public override async Task<V1.GetPaperResponse> GetPaper(V1.GetPaperRequest request, ServerCallContext context)
    {
        var id = RequestValidation.PaperId(request.Id, "id");
        var stored = (await store.GetAsync([id], context.CancellationToken)).SingleOrDefault()
            ?? throw RequestValidation.NotFound("id", id);
        var response = new V1.GetPaperResponse { Paper = stored.Paper.ToApi(), FannedOut = stored.FannedOut, Encoder = EncoderIds.Of(stored.Encoder) };
        response.Topics.AddRange(stored.Topics.Select(t => t.ToApi()));
        return response;
    }

    public override async Task<V1.GetFanOutStatusResponse> GetFanOutStatus(V1.GetFanOutStatusRequest request, ServerCallContext context)
    {
        var ids = request.PaperIds;
        if (ids.Count == 0 || ids.Count > MaxStatusIds)
        {
            throw RequestValidation.Invalid("paper_ids", $"give 1 to {MaxStatusIds} ids; got {ids.Count}");
        }
        for (var i = 0; i < ids.Count; i++)
        {
            RequestValidation.PaperId(ids[i], $"paper_ids[{i}]");
        }
        var delivered = await store.DeliveredAsync(ids, context.CancellationToken);
        var response = new V1.GetFanOutStatusResponse();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!delivered.TryGetValue(ids[i], out var fannedOut))
            {
                throw RequestValidation.NotFound($"paper_ids[{i}]", ids[i]);
            }
            response.Papers.Add(new V1.FanOutStatus { PaperId = ids[i], FannedOut = fannedOut });
            response.Pending += fannedOut ? 0 : 1;
        }
        return response;
    }

    public override async Task<V1.ListPaperVectorsResponse> ListPaperVectors(V1.ListPaperVectorsRequest request, ServerCallContext context)
    {
        var size = RequestValidation.PageSize(request.PageSize, 200, 1000);
        var page = await store.ListAsync(PageTokens.Position(request.PageToken), size, context.CancellationToken);
        var response = new V1.ListPaperVectorsResponse { NextPageToken = PageTokens.After(page.NextAfter) };
        foreach (var paper in page.Papers)
        {
            var vector = new V1.PaperVector { Id = paper.Paper.Id, Title = paper.Paper.Title, Abstract = paper.Paper.Abstract, Encoder = EncoderIds.Of(paper.Encoder) };
            vector.Vector.AddRange(paper.Vector);
            response.Papers.Add(vector);
            response.Dimension = paper.Vector.Length;
        }
        return response;
    }

    private static V1.PublishResponse ToApi(PublishOutcome outcome)
    {
        var response = new V1.PublishResponse
        {
            PaperId = outcome.PaperId,
            Status = outcome.Status switch
            {
                PublishStatus.Accepted => V1.PublishStatus.Accepted,
                PublishStatus.Duplicate => V1.PublishStatus.Duplicate,
                _ => V1.PublishStatus.Rejected,
            },
            Reason = outcome.Reason,
            DuplicateOf = outcome.DuplicateOf,
        };
        response.Topics.AddRange(outcome.Topics.Select(t => t.ToApi()));
        return response;
    }
}
