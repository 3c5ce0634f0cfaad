using Recommender.Abstractions;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Users;
using Recommender.Ranking.Embedding;
using Recommender.Storage.Papers;

namespace Recommender.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class EncoderMismatchTests(ClusterFixture fixture)
{
    private const string OtherEncoder = "arctic-xs-v1-t256";
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Stores a paper straight into the catalogue, as a silo configured with another encoder would have.</summary>
    private async Task<string> Store(string name, string encoder, float[] vector)
    {
        var paper = new PaperRecord { Id = $"{name}-{run}", Title = $"{name} {run}", Abstract = "An abstract." };
        await fixture.Papers.AddAsync([new PaperToStore(new StoredPaper { Paper = paper, Vector = vector, Topics = [], Encoder = encoder }, "key-" + paper.Id)]);
        return paper.Id;
    }

    private async Task<(IUserGrain Grain, string Id, string Foreign)> UserSeededWithHashedPaper()
    {
        var hashed = await Store("hashed", new HashedTextEncoder().Name, new HashedTextEncoder().Encode("Dwarf galaxies", "Star formation in small galaxies."));
        var foreign = await Store("foreign", OtherEncoder, Enumerable.Repeat(1f / MathF.Sqrt(384), 384).ToArray());
        var id = $"enc-{run}";
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.User(id));
        await user.Upsert(new UserProfile { Id = id, SeedPaperIds = [hashed] });
        return (user, id, foreign);
    }

    [Fact]
    public async Task A_seed_paper_of_another_encoder_is_refused_naming_the_field_and_the_users_vectors_stay_as_they_were()
    {
        var (user, id, foreign) = await UserSeededWithHashedPaper();
        var before = (await fixture.Subscriptions.InputsAsync(id, CancellationToken.None))!;

        var error = await Assert.ThrowsAsync<EncoderMismatchException>(() => user.Upsert(new UserProfile { Id = id, SeedPaperIds = [foreign] }));

        Assert.Equal("user.seed_paper_ids", error.Field);
        Assert.Contains(OtherEncoder, error.Message);
        var after = (await fixture.Subscriptions.InputsAsync(id, CancellationToken.None))!;
        Assert.Equal(new HashedTextEncoder().Name, after.Encoder);
        Assert.Equal(before.Interest, after.Interest);
        Assert.DoesNotContain(foreign, (await user.Get())!.SeedPaperIds);
    }

    [Fact]
    public async Task A_new_user_seeded_with_a_paper_of_another_encoder_than_the_services_is_refused_and_has_no_vectors()
    {
        var foreign = await Store("foreign-new", OtherEncoder, Enumerable.Repeat(1f / MathF.Sqrt(384), 384).ToArray());
        var id = $"enc-new-{run}";
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.User(id));

        var error = await Assert.ThrowsAsync<EncoderMismatchException>(() => user.Upsert(new UserProfile { Id = id, SeedPaperIds = [foreign] }));

        Assert.Equal("user.seed_paper_ids", error.Field);
        Assert.Equal(new HashedTextEncoder().Name, error.Expected);
        Assert.Equal(OtherEncoder, error.Actual);
        Assert.Null(await fixture.Subscriptions.InputsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Hiding_a_paper_of_another_encoder_hides_it_but_keeps_its_vector_out_of_the_users()
    {
        var (user, id, foreign) = await UserSeededWithHashedPaper();
        var before = (await fixture.Subscriptions.InputsAsync(id, CancellationToken.None))!;

        await user.RecordFeedback(foreign, FeedbackKind.Hide);

        var after = (await fixture.Subscriptions.InputsAsync(id, CancellationToken.None))!;
        Assert.Contains(foreign, after.Excluded);
        Assert.Equal(before.Interest, after.Interest);
        Assert.Empty(after.Negative);
        Assert.Equal(new HashedTextEncoder().Name, after.Encoder);
    }
}
