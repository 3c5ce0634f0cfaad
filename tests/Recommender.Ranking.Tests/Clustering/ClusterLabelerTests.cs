using Recommender.Ranking.Clustering;

namespace Recommender.Ranking.Tests.Clustering;

public sealed class ClusterLabelerTests
{
    [Fact]
    public void Clusters_are_labelled_by_their_distinctive_terms_not_by_shared_words()
    {
        string[] texts =
        [
            "Learning on qubit circuits and quantum gates", "Learning from qubit noise and quantum entanglement",
            "Learning with qubit errors and quantum codes", "Learning for graph pooling and node features",
            "Learning on graph edges and node labels", "Learning with graph kernels and node classification",
        ];
        int[] assignments = [0, 0, 0, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal(["quantum", "qubit"], labels[0].TopTerms.Take(2).Order());
        Assert.Equal(["graph", "node"], labels[1].TopTerms.Take(2).Order());
        Assert.DoesNotContain("learning", labels[0].TopTerms.Take(2));
        Assert.Equal(3, labels[1].Size);
        Assert.Matches("^[a-z0-9-]+$", labels[0].Slug);
    }

    [Fact]
    public void Words_of_research_writing_never_label_a_cluster_even_when_only_one_cluster_uses_them()
    {
        string[] texts =
        [
            "Protein folding with various remarkable process gains", "Protein folding offers a useful process for various needs",
            "Protein folding is a remarkable and useful process", "Various useful protein folding offers a remarkable process",
            "Galaxy survey catalogues", "Galaxy survey redshifts", "Galaxy survey lensing", "Galaxy survey dust",
        ];
        int[] assignments = [0, 0, 0, 0, 1, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal(["protein folding"], labels[0].TopTerms);
        Assert.DoesNotContain("various", labels[0].Label);
        Assert.DoesNotContain("process", labels[0].Label);
    }

    [Fact]
    public void A_word_in_too_few_of_a_large_clusters_papers_is_not_a_label_term()
    {
        // Cluster 0: 30 papers, 12 about diffusion, 2 others about zebras; cluster 1: 30 papers,
        // 6 about diffusion. Two papers in thirty say little about the cluster as a whole.
        var texts = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            texts.Add((i < 12 ? "diffusion " : i < 14 ? "zebra " : "") + $"filler{i}");
        }
        for (var i = 0; i < 30; i++)
        {
            texts.Add((i < 6 ? "diffusion " : "") + $"other{i}");
        }
        var assignments = Enumerable.Range(0, 60).Select(i => i / 30).ToArray();

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal(["diffusion"], labels[0].TopTerms);
    }

    [Fact]
    public void A_term_in_most_titles_outranks_one_that_only_every_abstract_mentions()
    {
        string[] texts =
        [
            "Zeolite cages\nAdsorption isotherms of small molecules.", "Zeolite pores\nAdsorption under pressure.",
            "Zeolite synthesis\nAdsorption sites and templates.", "Metal-organic frameworks\nAdsorption in open metal sites.",
            "Galaxy surveys\nRedshift catalogues.", "Galaxy lensing\nShear maps.", "Galaxy dust\nInfrared emission.", "Galaxy mergers\nTidal tails.",
        ];
        int[] assignments = [0, 0, 0, 0, 1, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal("zeolite", labels[0].TopTerms[0]);
        Assert.Equal("galaxy", labels[1].TopTerms[0]);
    }

    [Fact]
    public void A_phrase_most_of_the_cluster_uses_is_preferred_to_its_words_and_never_listed_with_them()
    {
        string[] texts =
        [
            "Scaling language models\nWe train language models on code.", "Language models as judges\nLanguage models grade essays.",
            "Compressing language models\nPruning language models of language.", "Probing language\nWhat language models know of language.",
            "Galaxy surveys\nRedshift catalogues.", "Galaxy lensing\nShear maps.", "Galaxy dust\nInfrared emission.", "Galaxy mergers\nTidal tails.",
        ];
        int[] assignments = [0, 0, 0, 0, 1, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal("language models", labels[0].TopTerms[0]);
        Assert.DoesNotContain("language", labels[0].TopTerms);
        Assert.DoesNotContain("models", labels[0].TopTerms);
        Assert.StartsWith("language-models", labels[0].Slug);
    }

    [Fact]
    public void Phrases_do_not_span_stop_words_punctuation_or_the_end_of_the_title()
    {
        string[] texts =
        [
            "Knowledge in a graph\nKnowledge, graph links.", "Knowledge for the graph\nKnowledge; sparse graph.", "Graph of knowledge\nA graph. Knowledge bases.",
            "Galaxy surveys\nRedshift catalogues.", "Galaxy lensing\nShear maps.", "Galaxy dust\nInfrared emission.",
        ];
        int[] assignments = [0, 0, 0, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal(["graph", "knowledge"], labels[0].TopTerms.Order());
    }

    [Fact]
    public void Plurals_hyphenation_and_an_acronym_count_as_one_term_shown_as_the_phrase()
    {
        string[] texts =
        [
            "Multi-task learning for vision\nMultitask learning shares a backbone.", "Multitask learning with experts\nOne MTL model per task.",
            "Multi-task learning of robots\nMulti-task learning (MTL) in the field; MTL for arms.",
            "Auditing large language models\nLarge language models (LLMs) leak data.", "Large language model agents\nAn LLM plans; LLMs act.",
            "Tiny large language models\nDistilling LLMs.", "Galaxy surveys\nRedshift catalogues.", "Galaxy lensing\nShear maps.", "Galaxy dust\nInfrared emission.",
        ];
        int[] assignments = [0, 0, 0, 1, 1, 1, 2, 2, 2];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 3);

        Assert.Equal(["multi-task learning"], labels[0].TopTerms);
        Assert.Equal("large language models", labels[1].TopTerms[0]);
        Assert.DoesNotContain(labels[1].TopTerms, t => t.StartsWith("llm", StringComparison.Ordinal) || t == "large language model");
    }

    [Fact]
    public void A_word_in_most_of_the_collections_papers_never_labels_a_cluster()
    {
        string[] texts =
        [
            "Learning of quantum states\nQubits.", "Learning for quantum circuits\nGates.", "Learning with quantum codes\nErrors.",
            "Learning to count\nSheep.", "Learning to rank\nLists.",
            "Learning galaxy shapes\nLensing.", "Learning galaxy spectra\nLines.", "Galaxy surveys\nRedshifts.", "Galaxy dust\nInfrared.", "Galaxy mergers\nTails.",
        ];
        int[] assignments = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

        var labels = ClusterLabeler.Label(texts, assignments, clusters: 2);

        Assert.Equal("quantum", labels[0].TopTerms[0]);
        Assert.DoesNotContain("learning", labels[0].TopTerms);
    }

    [Fact]
    public void Slugs_are_unique_even_when_two_clusters_share_their_top_terms()
    {
        var labels = ClusterLabeler.Label(["alpha beta", "alpha beta"], [0, 1], clusters: 2);

        Assert.NotEqual(labels[0].Slug, labels[1].Slug);
    }

    [Theory]
    [InlineData("Graph Learning!", "graph-learning")]
    [InlineData("  spaces -- and__marks ", "spaces-and-marks")]
    [InlineData("Überstrom", "berstrom")]
    public void Slugify_keeps_lower_case_letters_digits_and_single_dashes(string text, string expected)
    {
        Assert.Equal(expected, ClusterLabeler.Slugify(text));
    }
}
