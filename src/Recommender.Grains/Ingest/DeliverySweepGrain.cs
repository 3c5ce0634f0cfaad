// The hand-over sweep: one grain for the whole service, so one silo at a time re-fans-out the papers
// whose fan-out never completed. A grain timer makes it look every few seconds; a durable reminder
// (period 1 min, Orleans' least) re-activates it on a surviving silo when its silo dies.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Recommender.Abstractions.Ingest;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Ingest;

public sealed class DeliverySweepGrain(
    IPaperStore store,
    FanOutDispatcher dispatcher,
    TimeProvider clock,
    IOptions<RecommenderOptions> options,
    ILocalSiloDetails silo,
    ILogger<DeliverySweepGrain> logger) : Grain, IDeliverySweepGrain, IRemindable
{
    public const string ReminderName = "keep-sweeping";

    private const int PapersPerPage = 256;

    private IGrainTimer? timer;
    private bool reminderRegistered;
    private int looks;
    private long redelivered;
    private int failures;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The first look comes at once: after a restart, papers cut short by the crash are delivered within seconds.
        timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = options.Value.DeliverySweepInterval,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public Task Wake()
    {
        // A silo joined: look now rather than at the next tick (a restarted cluster catches up at once).
        timer?.Change(TimeSpan.Zero, options.Value.DeliverySweepInterval);
        return Task.CompletedTask;
    }

    public Task<DeliverySweepStatus> GetStatus() => Task.FromResult(new DeliverySweepStatus
    {
        Silo = silo.SiloAddress.ToString(),
        Looks = looks,
        Redelivered = redelivered,
        Failures = failures,
    });

    // The reminder only brings the grain back to life; the timer does the work.
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task Tick(CancellationToken cancellationToken)
    {
        try
        {
            var handedOver = await LookAsync(cancellationToken);
            looks++;
            redelivered += handedOver;
            if (handedOver > 0)
            {
                logger.LogWarning("Fanned out again {Count} stored papers whose fan-out had not completed", handedOver);
            }
        }
        catch (Exception e)
        {
            // Never fatal: storage or a topic may be away for a while; the next tick tries again.
            failures++;
            logger.LogWarning("The hand-over sweep failed; it looks again in {Interval}: {Error}", options.Value.DeliverySweepInterval, e.Message);
        }
        await EnsureReminderAsync();
    }

    /// <summary>Registers the reminder once per activation; a failure (reminder table away) is retried next tick, and looks go on meanwhile.</summary>
    private async Task EnsureReminderAsync()
    {
        if (reminderRegistered)
        {
            return;
        }
        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            reminderRegistered = true;
        }
        catch (Exception e)
        {
            logger.LogWarning("The hand-over sweep could not register its reminder; it tries again next tick: {Error}", e.Message);
        }
    }

    /// <summary>Hands over, oldest first, every undelivered paper past the grace period; returns how many.</summary>
    private async Task<int> LookAsync(CancellationToken cancellationToken)
    {
        var dueBefore = clock.GetUtcNow() - options.Value.DeliveryGracePeriod;
        var allStartedAfter = await OldestLiveSiloStart();
        var handedOver = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ids = await store.ListUndeliveredAsync(PapersPerPage, cancellationToken);
            var papers = (await store.GetAsync(ids, cancellationToken)).ToDictionary(p => p.Paper.Id, StringComparer.Ordinal);
            // In catalogue order, so the first paper still within its grace ends the look; ids the store
            // lists but cannot return are due (the dispatcher marks them so they stop coming back).
            var due = ids.TakeWhile(id => !papers.TryGetValue(id, out var paper)
                || paper.ArrivedAt < dueBefore || paper.ArrivedAt < allStartedAfter).ToArray();
            if (due.Length > 0)
            {
                await dispatcher.RedeliverAsync(due);
                handedOver += due.Length;
            }
            if (due.Length < PapersPerPage)
            {
                return handedOver;
            }
        }
        return handedOver;
    }

    /// <summary>When the longest-running live silo started: a paper that arrived before it was accepted by a silo now gone.</summary>
    private async Task<DateTimeOffset> OldestLiveSiloStart()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        return hosts.Length == 0
            ? DateTimeOffset.MinValue
            : new DateTimeOffset(DateTime.SpecifyKind(hosts.Min(h => h.StartTime), DateTimeKind.Utc));
    }
}
