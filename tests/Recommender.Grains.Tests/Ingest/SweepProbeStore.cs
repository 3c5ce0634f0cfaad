// One silo's view of the shared catalogue, noting which silo lists undelivered papers and how many lists overlap.
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Tests.Ingest;

public sealed class SweepProbeStore(IPaperStore shared, string silo, SweepProbe probe) : IPaperStore
{
    public async Task<IReadOnlyList<string>> ListUndeliveredAsync(int count, CancellationToken cancellationToken = default)
    {
        probe.Enter(silo);
        try
        {
            // Long enough that two sweeps on a 200 ms period would overlap now and then.
            await Task.Delay(50, cancellationToken);
            return await shared.ListUndeliveredAsync(count, cancellationToken);
        }
        finally
        {
            probe.Leave();
        }
    }

    public Task<IReadOnlyList<StoreOutcome>> AddAsync(IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken = default) => shared.AddAsync(papers, cancellationToken);
    public Task MarkDeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default) => shared.MarkDeliveredAsync(paperIds, cancellationToken);
    public Task<IReadOnlyDictionary<string, bool>> DeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default) => shared.DeliveredAsync(paperIds, cancellationToken);
    public Task<IReadOnlyList<StoredPaper>> GetByPositionAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default) => shared.GetByPositionAsync(positions, cancellationToken);
    public Task<IReadOnlyList<StoredPaper>> GetAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default) => shared.GetAsync(paperIds, cancellationToken);
    public Task<PaperPage> ListAsync(long after, int count, CancellationToken cancellationToken = default) => shared.ListAsync(after, count, cancellationToken);
    public Task<IReadOnlyList<StoredPaper>> LatestAsync(int count, CancellationToken cancellationToken = default) => shared.LatestAsync(count, cancellationToken);
    public Task<TopicPapers> RecentInTopicAsync(string topicId, int count, CancellationToken cancellationToken = default) => shared.RecentInTopicAsync(topicId, count, cancellationToken);
    public Task AddToTopicAsync(string topicId, IReadOnlyList<TopicMember> members, CancellationToken cancellationToken = default) => shared.AddToTopicAsync(topicId, members, cancellationToken);
    public Task ReplaceVectorsAsync(IReadOnlyList<StoredPaper> papers, CancellationToken cancellationToken = default) => shared.ReplaceVectorsAsync(papers, cancellationToken);
}

/// <summary>What every silo's probe store saw: the silos that listed, and the most lists in flight at once.</summary>
public sealed class SweepProbe
{
    private readonly HashSet<string> silos = [];
    private int inFlight;

    public int MostAtOnce { get; private set; }

    public IReadOnlyCollection<string> Silos
    {
        get
        {
            lock (silos)
            {
                return silos.ToArray();
            }
        }
    }

    public void Enter(string silo)
    {
        lock (silos)
        {
            silos.Add(silo);
            MostAtOnce = Math.Max(MostAtOnce, ++inFlight);
        }
    }

    public void Leave()
    {
        lock (silos)
        {
            inFlight--;
        }
    }
}
