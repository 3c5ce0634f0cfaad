// The live managed heap of a server process: a full blocking GC induced over EventPipe (the way heap-dump tools
// do it) and the bytes that GC found alive, read from the runtime's own GC heap statistics event.
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Recommender.Server.Tests.Faults;

internal static class LiveHeap
{
    /// <summary>
    /// Bytes alive after a full GC in process <paramref name="pid"/>. Resident memory is no leak measure under the
    /// server GC: it keeps or hands back whole heaps on its own schedule (±15% within two minutes here), whereas
    /// what survives a full collection only grows if something holds on to it.
    /// </summary>
    public static async Task<long> MeasureAsync(int pid, TimeSpan timeout)
    {
        // GCHeapCollect makes the runtime run a blocking gen 2 collection when the session starts; GC reports it.
        var provider = new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational,
            (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect));
        using var session = new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        int? induced = null;
        long? live = null;
        source.Clr.GCStart += e =>
        {
            if (induced is null && e.Depth == 2 && e.Reason == GCReason.Induced)
            {
                induced = e.Count;
            }
        };
        // The heap statistics follow their collection's start on the same stream; earlier ones belong to other GCs.
        source.Clr.GCHeapStats += e =>
        {
            if (induced is not null && live is null)
            {
                live = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4;
                session.Stop();
            }
        };
        var processing = Task.Run(source.Process);
        if (await Task.WhenAny(processing, Task.Delay(timeout)) != processing)
        {
            session.Stop();
            await processing;
        }
        return live ?? throw new TimeoutException($"process {pid} reported no induced full GC within {timeout.TotalSeconds:0} s");
    }
}
