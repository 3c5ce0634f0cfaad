using Recommender.Abstractions.Topics;
using Recommender.Grains.Ingest;
using Recommender.Ranking.Embedding;

namespace Recommender.Grains.Tests.Ingest;

public sealed class TopicRouterTests
{
    [Fact]
    public void A_topic_whose_vector_comes_from_another_encoder_is_never_compared_with_the_paper()
    {
        var encoder = new HashedTextEncoder();
        var vector = encoder.Encode("Dwarf galaxies", "Star formation in small galaxies.");
        var topics = new TopicVectorSet
        {
            Topics =
            [
                new TopicVector { TopicId = "same", Vector = vector, Encoder = encoder.Name },
                new TopicVector { TopicId = "other", Vector = vector, Encoder = "arctic-xs-v1-t256" },
                // Stored before encoder ids existed: the legacy encoder, which is this one.
                new TopicVector { TopicId = "legacy", Vector = vector },
            ],
        };

        var matches = TopicRouter.Route(vector, encoder.Name, topics, threshold: 0.2f, maxTopics: 5);

        Assert.Equal(["legacy", "same"], matches.Select(m => m.TopicId).Order(StringComparer.Ordinal));
    }
}
