// A paper store in process memory: for tests and trials; nothing survives a restart.
using Recommender.Abstractions.Papers;

namespace Recommender.Storage.Papers;

public sealed class InMemoryPaperStore : IPaperStore
{
    private readonly Lock gate = new();
    private readonly List<Entry> byPosition = [];
    private readonly Dictionary<string, Entry> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> byTitle = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<StoreOutcome>> AddAsync(IReadOnlyList<PaperToStore> papers, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var outcomes = new StoreOutcome[papers.Count];
            for (var i = 0; i < papers.Count; i++)
            {
                var (paper, titleKey) = papers[i];
                var id = paper.Paper.Id;
                if (byId.TryGetValue(id, out var existing))
                {
                    outcomes[i] = new StoreOutcome(StoreStatus.SameId, id, existing.Delivered);
                }
                else if (byTitle.TryGetValue(titleKey, out var owner))
                {
                    outcomes[i] = new StoreOutcome(StoreStatus.SameTitle, owner);
                }
                else
                {
                    var entry = new Entry(byPosition.Count + 1, paper);
                    byPosition.Add(entry);
                    byId[id] = entry;
                    byTitle[titleKey] = id;
                    outcomes[i] = new StoreOutcome(StoreStatus.Added, id, Position: entry.Position);
                }
            }
            return Task.FromResult<IReadOnlyList<StoreOutcome>>(outcomes);
        }
    }

    public Task MarkDeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var id in paperIds)
            {
                if (byId.TryGetValue(id, out var entry))
                {
                    entry.Delivered = true;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListUndeliveredAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(byPosition.Where(e => !e.Delivered).Take(count).Select(e => e.Paper.Paper.Id).ToArray());
        }
    }

    public Task<IReadOnlyDictionary<string, bool>> DeliveredAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        var delivered = new Dictionary<string, bool>(StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var id in paperIds)
            {
                if (byId.TryGetValue(id, out var entry))
                {
                    delivered[id] = entry.Delivered;
                }
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, bool>>(delivered);
    }

    public Task<IReadOnlyList<StoredPaper>> GetAsync(IReadOnlyList<string> paperIds, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredPaper>>(paperIds
                .Select(id => byId.GetValueOrDefault(id))
                .OfType<Entry>()
                .Select(e => e.Stored)
                .ToArray());
        }
    }

    public Task<IReadOnlyList<StoredPaper>> GetByPositionAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredPaper>>(positions
                .Where(p => p >= 1 && p <= byPosition.Count)
                .Select(p => byPosition[(int)p - 1].Stored)
                .ToArray());
        }
    }

    public Task<PaperPage> ListAsync(long after, int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var from = (int)Math.Clamp(after, 0, byPosition.Count);
            var page = byPosition.Skip(from).Take(count).ToArray();
            long? next = from + page.Length < byPosition.Count ? page[^1].Position : null;
            return Task.FromResult(new PaperPage(page.Select(e => e.Stored).ToArray(), next));
        }
    }

    public Task<IReadOnlyList<StoredPaper>> LatestAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StoredPaper>>(byPosition.AsEnumerable().Reverse().Take(count).Select(e => e.Stored).ToArray());
        }
    }

    public Task<TopicPapers> RecentInTopicAsync(string topicId, int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var members = byPosition.Where(e => e.Delivered && e.Paper.Topics.Any(t => t.TopicId == topicId)).ToArray();
            var recent = members.Reverse().Take(count).Select(e => e.Stored).ToArray();
            return Task.FromResult(new TopicPapers(recent, members.Length));
        }
    }

    public Task AddToTopicAsync(string topicId, IReadOnlyList<TopicMember> members, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var member in members)
            {
                if (byId.TryGetValue(member.PaperId, out var entry) && entry.Paper.Topics.All(t => t.TopicId != topicId))
                {
                    var match = new TopicMatch { TopicId = topicId, Similarity = member.Similarity };
                    entry.Paper = entry.Paper with { Topics = [.. entry.Paper.Topics, match] };
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task ReplaceVectorsAsync(IReadOnlyList<StoredPaper> papers, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            foreach (var paper in papers)
            {
                if (byId.TryGetValue(paper.Paper.Id, out var entry))
                {
                    entry.Paper = entry.Paper with { Vector = paper.Vector, Encoder = paper.Encoder };
                }
            }
        }
        return Task.CompletedTask;
    }

    private sealed class Entry(long position, StoredPaper paper)
    {
        public long Position { get; } = position;
        public StoredPaper Paper { get; set; } = paper;
        public bool Delivered { get; set; }

        /// <summary>The paper as a reader of the catalogue gets it: with its position and whether it was fanned out.</summary>
        public StoredPaper Stored => Paper with { Position = Position, FannedOut = Delivered };
    }
}
