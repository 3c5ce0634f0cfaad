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
