// The interest probe: which topics a user's interest vector reads besides the followed ones.
using Recommender.Abstractions.Topics;
using Recommender.Grains.Recall;

namespace Recommender.Grains.Tests.Recall;

public sealed class InterestProbeTests
{
    private static readonly TopicVectorSet Topics = new()
    {
        Topics =
        [
            new TopicVector { TopicId = "a", Vector = [1f, 0f, 0f] },
            new TopicVector { TopicId = "b", Vector = [0.9f, 0.1f, 0f] },
            new TopicVector { TopicId = "c", Vector = [0f, 1f, 0f] },
            new TopicVector { TopicId = "d", Vector = [-1f, 0f, 0f] },
            new TopicVector { TopicId = "e", Vector = [0.5f, 0.5f, 0f] },
        ],
    };

    [Fact]
    public void The_nearest_topics_come_first_and_followed_ones_are_left_out()
    {
        Assert.Equal(["a", "b"], InterestProbe.NearestTopics([1f, 0f, 0f], "", Topics, [], 2));
        Assert.Equal(["b", "e"], InterestProbe.NearestTopics([1f, 0f, 0f], "", Topics, ["a"], 2));
    }

    [Fact]
    public void Among_many_topics_the_probe_picks_what_a_full_sort_picks_and_ties_go_to_the_smaller_id()
    {
        var random = new Random(3);
        // Coarse vectors, so that many topics are equally near.
        var many = new TopicVectorSet
        {
            Topics = Enumerable.Range(0, 300)
                .Select(i => new TopicVector { TopicId = $"t{random.Next(1000):D3}-{i}", Vector = [random.Next(-2, 3), random.Next(-2, 3), random.Next(-2, 3)] })
                .ToArray(),
        };
        float[] interest = [1f, 1f, 0f];
        string[] followed = [many.Topics[0].TopicId, many.Topics[1].TopicId];

        var expected = many.Topics
            .Where(t => !followed.Contains(t.TopicId))
            .Select(t => (t.TopicId, Similarity: Recommender.Ranking.Embedding.VectorMath.Cosine(interest, t.Vector)))
            .Where(t => t.Similarity > 0f)
            .OrderByDescending(t => t.Similarity).ThenBy(t => t.TopicId, StringComparer.Ordinal)
            .Select(t => t.TopicId).ToArray();

        Assert.Equal(expected.Take(7), InterestProbe.NearestTopics(interest, "", many, followed, 7));
        // Asked for more than there are: every topic of positive similarity, and none of the others (zero vectors among them).
        Assert.Equal(expected, InterestProbe.NearestTopics(interest, "", many, followed, many.Topics.Count));
    }

    [Fact]
    public void Topics_pointing_away_from_the_interest_are_never_probed()
    {
        var probed = InterestProbe.NearestTopics([1f, 0f, 0f], "", Topics, [], 10);

        Assert.Equal(["a", "b", "e"], probed);
    }

    [Fact]
    public void A_user_without_interests_or_with_probing_off_probes_nothing()
    {
        Assert.Empty(InterestProbe.NearestTopics([], "", Topics, [], 3));
        Assert.Empty(InterestProbe.NearestTopics([0f, 0f, 0f], "", Topics, [], 3));
        Assert.Empty(InterestProbe.NearestTopics([1f, 0f, 0f], "", Topics, [], 0));
    }

    [Fact]
    public void Topics_of_another_encoder_are_never_compared_with_the_interest()
    {
        var mixed = new TopicVectorSet
        {
            Topics = [new TopicVector { TopicId = "other", Vector = [1f, 0f], Encoder = "arctic-xs" }, new TopicVector { TopicId = "same", Vector = [0.5f, 0.5f] }],
        };

        Assert.Equal(["same"], InterestProbe.NearestTopics([1f, 0f], "", mixed, [], 2));
        Assert.Equal(["other"], InterestProbe.NearestTopics([1f, 0f], "arctic-xs", mixed, [], 2));
    }

    [Fact]
    public void Several_interests_take_the_probes_in_turn_so_each_is_probed_and_none_twice()
    {
        float[][] twoThemes = [[1f, 0f, 0f], [0f, 1f, 0f]];

        Assert.Equal(["a", "c", "b"], InterestProbe.NearestTopicsOfEach(twoThemes, "", Topics, [], 3));
        Assert.Equal(["a", "c"], InterestProbe.NearestTopicsOfEach(twoThemes, "", Topics, [], 2));
        // Never fewer probes than interests; a topic two interests share is probed once.
        Assert.Equal(["a", "c", "e"], InterestProbe.NearestTopicsOfEach([[1f, 0f, 0f], [0f, 1f, 0f], [0.5f, 0.5f, 0f]], "", Topics, [], 1));
        Assert.Equal(["b", "c"], InterestProbe.NearestTopicsOfEach(twoThemes, "", Topics, ["a"], 2));
        Assert.Empty(InterestProbe.NearestTopicsOfEach(twoThemes, "", Topics, [], 0));
    }

    [Fact]
    public void Equally_near_topics_are_taken_in_id_order()
    {
        var twins = new TopicVectorSet
        {
            Topics = [new TopicVector { TopicId = "z", Vector = [1f, 0f] }, new TopicVector { TopicId = "m", Vector = [2f, 0f] }],
        };

        Assert.Equal(["m"], InterestProbe.NearestTopics([1f, 0f], "", twins, [], 1));
    }
}
