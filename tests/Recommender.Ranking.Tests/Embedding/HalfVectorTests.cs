// A user's vector at half precision: what it saves, how far its cosines stay from single precision, and
// that converting once per user (the fan-out) and once per call (a single pair) give the same number.
using System.Numerics.Tensors;
using Recommender.Ranking.Embedding;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Tests.Embedding;

public sealed class HalfVectorTests
{
    private static readonly float[] User = new HashedTextEncoder().Encode("Dwarf galaxies", "Star formation in small galaxies.");
    private static readonly float[] Paper = new HashedTextEncoder().Encode("Galaxy mergers", "Small galaxies merging and forming stars.");

    [Fact]
    public void A_cosine_at_half_precision_stays_within_a_thousandth_of_the_single_precision_one()
    {
        var half = HalfVector.Of(User);

        Assert.Equal(User.Length, half.Length);
        Assert.Equal(VectorMath.Cosine(User, Paper), half.Cosine(Paper, TensorPrimitives.Norm(Paper)), 3);
        Assert.Equal(1f, half.Norm, 3);
    }

    [Fact]
    public void Converting_once_and_comparing_many_times_gives_exactly_the_cosine_of_a_single_call()
    {
        var half = HalfVector.Of(User);
        var single = new float[half.Length];

        half.CopyTo(single);

        Assert.Equal(half.Cosine(Paper, TensorPrimitives.Norm(Paper)), VectorMath.Cosine(single, half.Norm, Paper, TensorPrimitives.Norm(Paper)));
        Assert.Equal(User.Select(x => (float)(Half)x), single);
    }

    [Fact]
    public void An_empty_vector_has_no_norm_and_is_similar_to_nothing()
    {
        var empty = HalfVector.Of([]);

        Assert.Same(HalfVector.Empty, empty);
        Assert.Equal(0f, empty.Norm);
        Assert.Equal(0f, empty.Cosine(Paper, TensorPrimitives.Norm(Paper)));
    }

    [Fact]
    public void A_vector_of_256_values_takes_little_more_than_half_the_bytes_of_its_float_array()
    {
        var values = new float[256];
        values[3] = 1f;
        HalfVector.Of(values);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var kept = HalfVector.Of(values);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A float[256] alone is 1,048 bytes; the half array is 536 and the object around it 24-32.
        Assert.InRange(allocated, 512, 600);
        GC.KeepAlive(kept);
    }

    [Fact]
    public void A_set_of_interests_unpacked_once_gives_exactly_the_similarity_of_a_single_call()
    {
        var set = InterestSet.Of([User, Paper.Select(x => -x).ToArray()])!;
        var unpacked = new float[set.Count * set.Dimension];

        set.CopyTo(unpacked);

        Assert.Equal(set.Similarity(Paper, TensorPrimitives.Norm(Paper)), InterestSet.Similarity(unpacked, set.Dimension, Paper, TensorPrimitives.Norm(Paper)));
        Assert.Equal(VectorMath.Cosine(User, Paper), set.Similarity(Paper, TensorPrimitives.Norm(Paper)), 3);
    }
}
