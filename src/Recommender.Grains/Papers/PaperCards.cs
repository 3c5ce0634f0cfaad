// What a feed shows of each paper (summary and topics), kept once per silo for recent papers
// and read from the catalogue otherwise: feeds store positions, never copies of summaries.
using System.Collections.Concurrent;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Papers;

public sealed class PaperCards(IPaperStore store)
{
    /// <summary>Cards kept at most; about 0.5 KB each.</summary>
    public const int Capacity = 200_000;

    private readonly ConcurrentDictionary<long, PaperCard> cards = new();
    private readonly ConcurrentQueue<long> arrivals = new();

    public void Remember(RoutedPaper paper) => Remember(paper.Position, new PaperCard(paper));

    /// <summary>The cards of these positions (unknown positions are left out).</summary>
    public async Task<IReadOnlyDictionary<long, PaperCard>> GetAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<long, PaperCard>(positions.Count);
        List<long>? missing = null;
        foreach (var position in positions)
        {
            if (cards.TryGetValue(position, out var card))
            {
                found[position] = card;
            }
            else
            {
                (missing ??= []).Add(position);
            }
        }
        if (missing is not null)
        {
            foreach (var paper in await store.GetByPositionAsync(missing, cancellationToken))
            {
                var card = new PaperCard(paper.Paper.ToSummary(), paper.Topics);
                Remember(paper.Position, card);
                found[paper.Position] = card;
            }
        }
        return found;
    }

    private void Remember(long position, PaperCard card)
    {
        if (cards.TryAdd(position, card))
        {
            arrivals.Enqueue(position);
            // Forget the oldest remembered: recent papers are the ones feeds show.
            while (cards.Count > Capacity && arrivals.TryDequeue(out var oldest))
            {
                cards.TryRemove(oldest, out _);
            }
        }
    }
}

public sealed record PaperCard(PaperSummary Summary, IReadOnlyList<TopicMatch> Topics)
{
    public PaperCard(RoutedPaper paper) : this(paper.Summary, paper.Topics)
    {
    }

    /// <summary>"topic:ID (similarity)" for each topic, in topic order: formatted once, shown in many feeds.</summary>
    public string[] TopicReasons { get; } = Topics.Select(t => $"topic:{t.TopicId} ({t.Similarity:0.00})").ToArray();
}
