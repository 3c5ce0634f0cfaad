using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Users;
using Recommender.Ranking.Clustering;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ReencodedVectorsTests(ClusterFixture fixture)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly HashedTextEncoder encoder = new();

    private async Task<(string Id, float[] Vector)> Store(string name, string encoderId, float[] vector)
    {
        var paper = new PaperRecord { Id = $"{name}-{run}", Title = $"{name} {run}", Abstract = "An abstract." };
        await fixture.Papers.AddAsync([new PaperToStore(new StoredPaper { Paper = paper, Vector = vector, Topics = [], Encoder = encoderId }, "key-" + paper.Id)]);
        return (paper.Id, vector);
    }

    [Fact]
    public async Task A_users_vectors_are_rebuilt_from_seeds_keywords_and_feedback_of_the_services_encoder_only()
    {
        var seed = await Store("seed", encoder.Name, encoder.Encode("Dwarf galaxies", "Star formation in small galaxies."));
        var clicked = await Store("a-clicked", encoder.Name, encoder.Encode("Exoplanet atmospheres", "Transit spectra of hot Jupiters."));
        var hidden = await Store("b-hidden", encoder.Name, encoder.Encode("Protein folding", "Chaperones and misfolded proteins."));
        var foreign = await Store("c-foreign", "arctic-xs-v1-t256", Enumerable.Repeat(1f / MathF.Sqrt(384), 384).ToArray());
        var state = new UserState
        {
            Profile = new UserProfile { Id = "reencoded" },
            SeededFrom = [seed.Id],
            Keywords = ["galaxies", "stars"],
            FeedbackGiven = [$"{hidden.Id}\u0001{FeedbackKind.Hide}", $"{clicked.Id}\u0001{FeedbackKind.Click}", $"{foreign.Id}\u0001{FeedbackKind.Save}"],
        };
        // Stale vectors of another encoder, as a user keeps them after the switch.
        var stale = new SubscriberProfile
        {
            UserId = "reencoded", Interest = [1f, 0f, 0f], Negative = [0f, 1f, 0f], Encoder = "old-encoder-v1",
            PositiveFeedback = 2, Excluded = [hidden.Id], Version = 9,
        };

        var clustering = new InterestClustering(3, 0.5f);
        var result = await ReencodedVectors.DeriveAsync(stale with { Interests = [new InterestCentroid { Vector = [0f, 0f, 1f], Weight = 2f }] },
            state, fixture.Grains, fixture.Papers, encoder, clustering);

        // Seeds, then keywords, then feedback by paper id (the foreign save is left out); the hide also moves the negative vector.
        var interest = VectorMath.MoveToward([], seed.Vector, InterestUpdates.SeedWeight);
        interest = VectorMath.MoveToward(interest, encoder.Encode("galaxies stars", "galaxies stars"), InterestUpdates.SeedWeight);
        interest = VectorMath.MoveToward(interest, clicked.Vector, InterestUpdates.InterestWeight(FeedbackKind.Click));
        interest = VectorMath.MoveToward(interest, hidden.Vector, InterestUpdates.InterestWeight(FeedbackKind.Hide));
        Assert.Equal(interest, result.Interest);
        // The several interests start over too, fed with the same papers in the same order.
        IReadOnlyList<InterestCentroid> interests = [];
        foreach (var (vector, weight) in new[] { (seed.Vector, InterestUpdates.SeedWeight), (encoder.Encode("galaxies stars", "galaxies stars"), InterestUpdates.SeedWeight),
            (clicked.Vector, InterestUpdates.InterestWeight(FeedbackKind.Click)), (hidden.Vector, InterestUpdates.InterestWeight(FeedbackKind.Hide)) })
        {
            interests = InterestCentroids.Add(interests, vector, weight, clustering);
        }
        Assert.Equal(interests.SelectMany(c => c.Vector.Append(c.Weight)), result.Interests.SelectMany(c => c.Vector.Append(c.Weight)));
        Assert.All(result.Interests, c => Assert.Equal(encoder.Dimension, c.Vector.Length));
        Assert.Equal(VectorMath.MoveToward([], hidden.Vector, 1f), result.Negative);
        Assert.Equal(encoder.Name, result.Encoder);
        Assert.Equal((2, 9L), (result.PositiveFeedback, result.Version));
        Assert.Equal([hidden.Id], result.Excluded);
    }
}
