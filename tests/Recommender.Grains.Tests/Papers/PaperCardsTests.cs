// The silo's paper cards: a card made for a rebuilt feed's page is the one every later read finds.
using Microsoft.Extensions.Options;
using Recommender.Abstractions.Papers;
using Recommender.Grains;
using Recommender.Grains.Papers;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Tests.Papers;

public sealed class PaperCardsTests
{
    private static RoutedPaper Paper(long position) => new()
    {
        Summary = new PaperSummary { Id = $"2611.{position:D5}", Title = $"Paper {position}" },
        Vector = [1f, 0f],
        Topics = [new TopicMatch { TopicId = "graphs", Similarity = 0.4f }, new TopicMatch { TopicId = "agents", Similarity = 0.6f }],
        Position = position,
    };

    [Fact]
    public async Task A_card_made_for_a_paper_is_made_once_and_later_reads_find_it_without_the_catalogue()
    {
        var cards = new PaperCards(new InMemoryPaperStore(), Options.Create(new RecommenderOptions()));

        var first = cards.CardOf(Paper(7));
        var again = cards.CardOf(Paper(7));
        var looked = await cards.LookUpAsync([7L]);

        Assert.Same(first, again);
        Assert.Same(first, looked[0]);
        Assert.Equal(["topic:graphs (0.40)", "topic:agents (0.60)"], first.TopicReasons);
        Assert.Equal([1, 0], first.TopicsByStrength);
    }

    [Fact]
    public async Task A_newer_paper_takes_the_place_of_one_as_many_positions_older_as_there_are_cards_and_never_the_reverse()
    {
        var cards = new PaperCards(new InMemoryPaperStore(), Options.Create(new RecommenderOptions { PaperCards = 4 }));
        var old = cards.CardOf(Paper(3));

        var newer = cards.CardOf(Paper(7));
        var oldAgain = cards.CardOf(Paper(3));
        var looked = await cards.LookUpAsync([7L, 3L]);

        Assert.NotSame(old, oldAgain);
        Assert.Same(newer, looked[0]);
        // Forgotten, and not in the (empty) catalogue either.
        Assert.Null(looked[1]);
        Assert.Equal("2611.00007", newer.Id);
    }
}
