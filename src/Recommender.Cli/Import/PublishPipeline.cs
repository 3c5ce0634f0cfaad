// Streams papers through the Publish bidi call with back-pressure: at most `window`
// requests are unanswered at once, so memory stays constant whatever the input size.
using System.Collections.Concurrent;
using Grpc.Core;
using Recommender.Api.V1;
using Recommender.Cli.Commands;
using Recommender.Importers;

namespace Recommender.Cli.Import;

public sealed class PublishPipeline(int window)
{
    public const int DefaultWindow = 1024;

    public async Task RunAsync(
        IEnumerable<ImportEntry> entries,
        IClientStreamWriter<PublishRequest> requests,
        IAsyncStreamReader<PublishResponse> responses,
        ImportStats stats,
        Action<ImportIssue> onIssue,
        CancellationToken cancellation)
    {
        using var slots = new SemaphoreSlim(window, window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // Responses come in request order, so a queue of line numbers names each answer's source line.
        var lines = new ConcurrentQueue<long>();
        long sent = 0;
        long answered = 0;
        var receiving = Task.Run(async () =>
        {
            try
            {
                while (await responses.MoveNext(cancellation))
                {
                    lines.TryDequeue(out var line);
                    stats.Answer(responses.Current, line);
                    Interlocked.Increment(ref answered);
                    slots.Release();
                }
            }
            finally
            {
                // The server ending the stream early must not leave the sender waiting for a slot.
                await stop.CancelAsync();
            }
        }, CancellationToken.None);

        try
        {
            foreach (var entry in entries)
            {
                if (entry is ImportIssue issue)
                {
                    stats.IssueFound();
                    onIssue(issue);
                    continue;
                }
                var paper = (ImportedPaper)entry;
                stats.PaperRead();
                await slots.WaitAsync(stop.Token);
                lines.Enqueue(paper.Line);
                await requests.WriteAsync(new PublishRequest { Paper = PaperMapper.ToProto(paper) }, stop.Token);
                sent++;
            }
            await requests.CompleteAsync();
        }
        catch (Exception e) when (receiving.IsCompleted || e is OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            // The receiving side ended first; its error (awaited below) is the one worth reporting.
        }
        await receiving;
        cancellation.ThrowIfCancellationRequested();
        if (Interlocked.Read(ref answered) < sent)
        {
            throw new CliException($"the server closed the stream after answering {answered} of {sent} papers; re-run to resume (accepted papers come back DUPLICATE)");
        }
    }
}
