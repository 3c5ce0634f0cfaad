// What a feed shows of each paper (summary and topics), kept once per silo for recent papers
// and read from the catalogue otherwise: feeds store positions, never copies of summaries.
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Recommender.Abstractions.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Papers;

public sealed class PaperCards(IPaperStore store, IOptions<RecommenderOptions> options)
{
    /// <summary>Cards kept at most (<see cref="RecommenderOptions.PaperCards"/>).</summary>
    private readonly int capacity = options.Value.PaperCards;

    private readonly ConcurrentDictionary<long, PaperCard> cards = new();
    private readonly ConcurrentQueue<long> arrivals = new();
    private int count;

    public void Remember(RoutedPaper paper) => CardOf(paper);

    /// <summary>
    /// The silo's card of this paper, made and remembered when it has none. A rebuilt feed's page shows papers that
    /// many feeds show: a card made for each entry of each rebuild (its reasons formatted, its topics sorted) was a
    /// tenth of the garbage of the reads after a restart, when every read is a rebuild.
    /// </summary>
    public PaperCard CardOf(RoutedPaper paper)
    {
        if (cards.TryGetValue(paper.Position, out var card))
        {
            return card;
        }
        card = new PaperCard(paper);
        Remember(paper.Position, card);
        return card;
    }

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

    /// <summary>The card of each position, in their order (null for a position the catalogue does not hold): a feed read asks this for its whole feed.</summary>
    public async ValueTask<PaperCard?[]> LookUpAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default)
    {
        var found = new PaperCard?[positions.Count];
        var missing = 0;
        for (var i = 0; i < found.Length; i++)
        {
            missing += cards.TryGetValue(positions[i], out found[i]) ? 0 : 1;
        }
        if (missing > 0)
        {
            var fetched = await GetAsync(positions.Where((_, i) => found[i] is null).ToArray(), cancellationToken);
            for (var i = 0; i < found.Length; i++)
            {
                found[i] ??= fetched.GetValueOrDefault(positions[i]);
            }
        }
        return found;
    }

    private void Remember(long position, PaperCard card)
    {
        if (cards.TryAdd(position, card))
        {
            arrivals.Enqueue(position);
            // Forget the oldest remembered: recent papers are the ones feeds show. (A counter of our
            // own: the dictionary's Count takes every one of its locks, on every paper fanned out.)
            var remembered = Interlocked.Increment(ref count);
            while (remembered > capacity && arrivals.TryDequeue(out var oldest))
            {
                if (cards.TryRemove(oldest, out _))
                {
                    remembered = Interlocked.Decrement(ref count);
                }
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

    /// <summary>The first 8 topics (those a feed item's followed-topic mask can name), strongest first: sorted once, not on every read.</summary>
    public int[] TopicsByStrength { get; } = Enumerable.Range(0, Math.Min(8, Topics.Count)).OrderByDescending(i => Topics[i].Similarity).ToArray();

    /// <summary>The id's <see cref="PaperIdHash"/>, which page tokens hold: hashed once, not on every page.</summary>
    public uint IdHash { get; } = PaperIdHash.Of(Summary.Id);
}
