// What a feed shows of each paper (summary and topics), kept once per silo for recent papers
// and read from the catalogue otherwise: feeds store positions, never copies of summaries.
using Microsoft.Extensions.Options;
using Recommender.Abstractions.Papers;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Papers;

public sealed class PaperCards(IPaperStore store, IOptions<RecommenderOptions> options)
{
    /// <summary>
    /// The cards of recent papers, each in the slot of its catalogue position modulo the length
    /// (<see cref="RecommenderOptions.PaperCards"/>). Positions grow with arrivals, so a new paper's card takes
    /// the place of a paper that many positions older: the oldest is forgotten, with no queue, no lock and no
    /// dictionary node per card. A feed read looks up its whole feed, ~100 cards in cold memory; slots whose
    /// addresses are known from the positions alone can all be asked into the cache at once (<see cref="LookUpAsync"/>).
    /// </summary>
    private readonly PaperCard?[] slots = new PaperCard?[Math.Max(1, options.Value.PaperCards)];

    public void Remember(RoutedPaper paper) => CardOf(paper);

    /// <summary>
    /// The silo's card of this paper, made and remembered when it has none. A rebuilt feed's page shows papers that
    /// many feeds show: a card made for each entry of each rebuild (its reasons formatted, its topics sorted) was a
    /// tenth of the garbage of the reads after a restart, when every read is a rebuild.
    /// </summary>
    public PaperCard CardOf(RoutedPaper paper)
    {
        if (Find(paper.Position) is { } card)
        {
            return card;
        }
        card = new PaperCard(paper);
        Remember(card);
        return card;
    }

    /// <summary>The cards of these positions (unknown positions are left out).</summary>
    public async Task<IReadOnlyDictionary<long, PaperCard>> GetAsync(IReadOnlyCollection<long> positions, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<long, PaperCard>(positions.Count);
        List<long>? missing = null;
        foreach (var position in positions)
        {
            if (Find(position) is { } card)
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
                var card = new PaperCard(paper.Position, paper.Paper.ToSummary(), paper.Topics);
                Remember(card);
                found[paper.Position] = card;
            }
        }
        return found;
    }

    /// <summary>The card of each position, in their order (null for a position the catalogue does not hold): a feed read asks this for its whole feed.</summary>
    public async ValueTask<PaperCard?[]> LookUpAsync(IReadOnlyList<long> positions, CancellationToken cancellationToken = default)
    {
        // Two passes: every slot is asked into the cache first, so that the misses of a feed's ~100 slots overlap.
        for (var i = 0; i < positions.Count; i++)
        {
            CacheLines.Prefetch(new ReadOnlySpan<PaperCard?>(ref slots[Slot(positions[i])]));
        }
        var found = new PaperCard?[positions.Count];
        var missing = 0;
        for (var i = 0; i < found.Length; i++)
        {
            found[i] = Find(positions[i]);
            missing += found[i] is null ? 1 : 0;
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

    private int Slot(long position) => (int)((ulong)position % (ulong)slots.Length);

    private PaperCard? Find(long position) => Volatile.Read(ref slots[Slot(position)]) is { } card && card.Position == position ? card : null;

    /// <summary>Keeps the card unless its slot holds a newer paper's (an old paper read back from the catalogue does not push out a recent one).</summary>
    private void Remember(PaperCard card)
    {
        ref var slot = ref slots[Slot(card.Position)];
        if (Volatile.Read(ref slot) is not { } held || held.Position <= card.Position)
        {
            Volatile.Write(ref slot, card);
        }
    }
}

/// <param name="Position">The paper's catalogue position.</param>
public sealed record PaperCard(long Position, PaperSummary Summary, IReadOnlyList<TopicMatch> Topics)
{
    public PaperCard(RoutedPaper paper) : this(paper.Position, paper.Summary, paper.Topics)
    {
    }

    /// <summary>The paper's id, held by the card itself: a feed read takes the ids of its whole feed for paging, and
    /// reading them through each summary was a cache miss per entry.</summary>
    public string Id { get; } = Summary.Id;

    /// <summary>
    /// What the front end built once to show this summary (its wire message; a type this project does not know),
    /// kept with the card: a read then reaches it in one step, where a side table cost a few cache misses per item.
    /// </summary>
    public object? Shown { get; set; }

    /// <summary>"topic:ID (similarity)" for each topic, in topic order: formatted once, shown in many feeds.</summary>
    public string[] TopicReasons { get; } = Topics.Select(t => $"topic:{t.TopicId} ({t.Similarity:0.00})").ToArray();

    /// <summary>The first 8 topics (those a feed item's followed-topic mask can name), strongest first: sorted once, not on every read.</summary>
    public int[] TopicsByStrength { get; } = Enumerable.Range(0, Math.Min(8, Topics.Count)).OrderByDescending(i => Topics[i].Similarity).ToArray();

    /// <summary>The id's <see cref="PaperIdHash"/>, which page tokens hold: hashed once, not on every page.</summary>
    public uint IdHash { get; } = PaperIdHash.Of(Summary.Id);
}
