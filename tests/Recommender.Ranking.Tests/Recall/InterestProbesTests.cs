// How recall by interest deals its probes among a user's interests (the service's rule, replayed offline).
using Recommender.Ranking.Recall;

namespace Recommender.Ranking.Tests.Recall;

public sealed class InterestProbesTests
{
    private static readonly float[] X = [1f, 0f];
    private static readonly float[] Y = [0f, 1f];

    // Each interest's topics nearest first: x's neighbourhood is a, b, s; y's is c, s, d.
    private static IReadOnlyList<string> Nearest(float[] interest, int count) =>
        (interest[0] > 0f ? new[] { "a", "b", "s" } : ["c", "s", "d"]).Take(count).ToArray();

    [Fact]
    public void Each_interest_gets_its_nearest_topic_in_turn_before_any_gets_a_second()
    {
        Assert.Equal(["a", "c", "b"], InterestProbes.Deal([X, Y], 3, Nearest));
        Assert.Equal(["c", "a", "s"], InterestProbes.Deal([Y, X], 3, Nearest));
    }

    [Fact]
    public void A_topic_two_interests_share_is_probed_once_and_the_next_one_takes_its_place()
    {
        Assert.Equal(["a", "c", "b", "s", "d"], InterestProbes.Deal([X, Y], 6, Nearest));
    }

    [Fact]
    public void Every_interest_is_probed_even_when_the_budget_is_smaller_and_none_when_it_is_zero()
    {
        Assert.Equal(["a", "c"], InterestProbes.Deal([X, Y], 1, Nearest));
        Assert.Equal(["a"], InterestProbes.Deal([X], 1, Nearest));
        Assert.Empty(InterestProbes.Deal([X, Y], 0, Nearest));
        Assert.Empty(InterestProbes.Deal([], 3, Nearest));
    }
}
