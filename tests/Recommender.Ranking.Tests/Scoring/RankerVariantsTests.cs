// A/B bucketing: deterministic by user id, in proportion to the shares; and the promotable source's swap.
using Recommender.Ranking.Features;
using Recommender.Ranking.Scoring;

namespace Recommender.Ranking.Tests.Scoring;

public sealed class RankerVariantsTests
{
    private static RankerVariant Variant(string name, double share) =>
        new(name, share, new PromotableRankerSource(new FixedRankerSource(new CosineRanker())));

    private static readonly string[] Ids = Enumerable.Range(0, 10_000).Select(i => $"user-{i:00000}").ToArray();

    [Fact]
    public void A_user_lands_in_the_same_variant_in_every_instance_and_for_every_call()
    {
        var first = new RankerVariants([Variant("control", 1), Variant("treatment", 1)]);
        var second = new RankerVariants([Variant("control", 1), Variant("treatment", 1)]);

        Assert.All(Ids, id => Assert.Equal(first.IndexOf(id), second.IndexOf(id)));
        Assert.All(Ids.Take(100), id => Assert.Equal(first.IndexOf(id), first.IndexOf(id)));
    }

    [Fact]
    public void Ten_thousand_ids_split_near_the_configured_shares()
    {
        var variants = new RankerVariants([Variant("control", 70), Variant("treatment", 30)]);

        var treated = Ids.Count(id => variants.Of(id).Name == "treatment");

        // Binomial sd at n = 10,000, p = 0.3 is 0.46 points: ±2 points is over four of them.
        Assert.InRange(treated / 10_000.0, 0.28, 0.32);
    }

    [Fact]
    public void Three_variants_each_get_their_share_and_a_single_variant_gets_everyone()
    {
        var three = new RankerVariants([Variant("a", 1), Variant("b", 2), Variant("c", 1)]);
        var counts = Ids.GroupBy(three.IndexOf).ToDictionary(g => g.Key, g => g.Count() / 10_000.0);
        Assert.InRange(counts[0], 0.23, 0.27);
        Assert.InRange(counts[1], 0.48, 0.52);
        Assert.InRange(counts[2], 0.23, 0.27);

        var one = RankerVariants.Single(new FixedRankerSource(new CosineRanker()));
        Assert.All(Ids, id => Assert.Equal(RankerVariants.DefaultName, one.Of(id).Name));
    }

    [Fact]
    public void Duplicate_names_and_shares_that_are_not_positive_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RankerVariants([Variant("a", 1), Variant("a", 1)]));
        Assert.Contains("share", Assert.Throws<ArgumentException>(() => new RankerVariants([Variant("a", 0)])).Message);
        Assert.Throws<ArgumentException>(() => new RankerVariants([]));
    }

    [Fact]
    public void A_promoted_model_replaces_the_configured_ranker_and_the_same_bytes_again_change_nothing()
    {
        var model = File.ReadAllBytes(ShippedModel());
        using var source = new PromotableRankerSource(new FixedRankerSource(new CosineRanker()), TimeSpan.FromMilliseconds(1));
        var swaps = 0;
        source.Swapped += _ => swaps++;
        Assert.Equal("cosine-v1", source.Current.Descriptor.Version);

        Assert.True(source.Promote(OnnxRanker.Load(model, PairFeatures.Names), "digest-1"));
        Assert.NotEqual("cosine-v1", source.Current.Descriptor.Version);
        Assert.Equal("digest-1", source.PromotedDigest);

        Assert.False(source.Promote(OnnxRanker.Load(model, PairFeatures.Names), "digest-1"));
        Assert.Equal(1, swaps);
    }

    private static string ShippedModel()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "models", "default.onnx")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new FileNotFoundException("models/default.onnx above " + AppContext.BaseDirectory), "models", "default.onnx");
    }
}
