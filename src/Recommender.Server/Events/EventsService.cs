// gRPC Events: pages through the retained event log, so `recommender logs export` can hand the
// service's own traffic to the trainer.
using Grpc.Core;
using Recommender.Storage.Seen;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Events;

public sealed class EventsService(ISeenStore store) : V1.Events.EventsBase
{
    public const int MaxPageSize = 10_000;

    public override async Task<V1.ExportEventsResponse> ExportEvents(V1.ExportEventsRequest request, ServerCallContext context)
    {
        var after = request.AfterSequence >= 0 ? request.AfterSequence : throw Invalid("after_sequence", $"must be 0 or more; got {request.AfterSequence}");
        var size = PageSize(request.PageSize, 1000, MaxPageSize);
        var events = await store.ReadEventsAsync(after, size, context.CancellationToken);
        var response = new V1.ExportEventsResponse
        {
            LastSequence = events.Count > 0 ? events[^1].Sequence : after,
            End = events.Count < size,
        };
        response.Lines.AddRange(events.Select(e => e.Line));
        return response;
    }
}
