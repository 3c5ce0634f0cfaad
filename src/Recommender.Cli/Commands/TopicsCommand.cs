// `recommender topics list|apply|discover`: read, curate and discover topics.
using System.CommandLine;
using Grpc.Net.Client;
using Recommender.Api.V1;
using Recommender.Cli.Topics;
using Spectre.Console;

namespace Recommender.Cli.Commands;

public static class TopicsCommand
{
    private const int VectorPageSize = 500;

    public static Command Create(GlobalOptions global)
    {
        var topics = new Command("topics", "List, curate and discover topics.");
        topics.Subcommands.Add(List(global));
        topics.Subcommands.Add(Apply(global));
        topics.Subcommands.Add(Discover(global));
        return topics;
    }

    private static Command List(GlobalOptions global)
    {
        var command = new Command("list", "Show all topics.");
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var client = new Api.V1.Topics.TopicsClient(channel);
            var table = new Table().AddColumn("id").AddColumn("name").AddColumn("keywords")
                .AddColumn(new TableColumn("followers").RightAligned()).AddColumn(new TableColumn("papers").RightAligned());
            var token = "";
            do
            {
                var page = await client.ListTopicsAsync(new ListTopicsRequest { PageSize = 1000, PageToken = token }, cancellationToken: cancellation);
                foreach (var topic in page.Topics)
                {
                    table.AddRow(Markup.Escape(topic.Id), Markup.Escape(topic.Name), Markup.Escape(string.Join(", ", topic.Keywords)),
                        $"{topic.SubscriberCount:N0}", $"{topic.PaperCount:N0}");
                }
                token = page.NextPageToken;
            }
            while (token.Length > 0);
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Apply(GlobalOptions global)
    {
        var file = new Argument<string>("FILE") { Description = "JSON or YAML list of {id, name, keywords, seed_papers}." };
        var command = new Command("apply", "Create or update the topics listed in a file.") { file };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var path = parse.GetRequiredValue(file);
            string content;
            try
            {
                content = await File.ReadAllTextAsync(path, cancellation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path}: {e.Message}");
            }
            var parsed = TopicFile.Parse(content, path);
            if (!parsed.Ok)
            {
                // Nothing is sent from a file with mistakes, so a typo never half-applies.
                throw new CliException($"{path}: {string.Join("; ", parsed.Errors)}");
            }
            using var channel = global.OpenChannel(parse);
            await CreateTopics(channel, parsed.Topics, cancellation);
            return 0;
        });
        return command;
    }

    private static Command Discover(GlobalOptions global)
    {
        var k = new Option<int>("--k") { Description = "How many clusters.", Required = true }.InRange(1, 1000);
        var seed = new Option<int>("--seed") { Description = "Clustering seed; the same seed and catalogue give the same topics.", DefaultValueFactory = _ => 1 };
        var apply = new Option<bool>("--apply") { Description = "Create the discovered topics." };
        var command = new Command("discover", "Cluster the catalogue's paper vectors into candidate topics.") { k, seed, apply };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            using var channel = global.OpenChannel(parse);
            var papers = await FetchCatalog(channel, cancellation);
            if (papers.Count == 0)
            {
                throw new CliException("the catalogue has no paper vectors yet; import some papers first");
            }
            var found = TopicDiscovery.Discover(papers, parse.GetValue(k), parse.GetValue(seed));
            AnsiConsole.Write(Render(found, papers.Count));
            if (parse.GetValue(apply))
            {
                var specs = found.Select(t => new TopicSpec(t.Id, t.Label, t.TopTerms, t.Examples.Select(e => e.Id).ToArray())).ToArray();
                await CreateTopics(channel, specs, cancellation);
            }
            return 0;
        });
        return command;
    }

    private static async Task<List<CatalogPaper>> FetchCatalog(GrpcChannel channel, CancellationToken cancellation)
    {
        var client = new Papers.PapersClient(channel);
        var papers = new List<CatalogPaper>();
        var token = "";
        var dimension = 0;
        var skipped = 0;
        await AnsiConsole.Status().StartAsync("reading paper vectors", async status =>
        {
            do
            {
                var page = await client.ListPaperVectorsAsync(new ListPaperVectorsRequest { PageSize = VectorPageSize, PageToken = token }, cancellationToken: cancellation);
                dimension = dimension == 0 ? page.Dimension : dimension;
                foreach (var paper in page.Papers)
                {
                    // Vectors of another dimension come from another encoder and cannot be compared.
                    if (paper.Vector.Count == 0 || dimension > 0 && paper.Vector.Count != dimension)
                    {
                        skipped++;
                        continue;
                    }
                    dimension = paper.Vector.Count;
                    papers.Add(new CatalogPaper(paper.Id, paper.Title, paper.Abstract, [.. paper.Vector]));
                }
                status.Status($"reading paper vectors: {papers.Count:N0}");
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        });
        if (skipped > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{skipped} papers without a usable vector were left out[/]");
        }
        return papers;
    }

    private static Table Render(IReadOnlyList<DiscoveredTopic> topics, int total)
    {
        var table = new Table().Title($"{topics.Count} topics in {total:N0} papers")
            .AddColumn("id").AddColumn("label").AddColumn(new TableColumn("size").RightAligned()).AddColumn("top terms").AddColumn("examples");
        foreach (var topic in topics)
        {
            table.AddRow(
                Markup.Escape(topic.Id),
                Markup.Escape(topic.Label),
                $"{topic.Size:N0}",
                Markup.Escape(string.Join(", ", topic.TopTerms)),
                Markup.Escape(string.Join("\n", topic.Examples.Select(e => e.Title))));
        }
        return table;
    }

    private static async Task CreateTopics(GrpcChannel channel, IReadOnlyList<TopicSpec> topics, CancellationToken cancellation)
    {
        var client = new Api.V1.Topics.TopicsClient(channel);
        foreach (var spec in topics)
        {
            var topic = new Topic { Id = spec.Id, Name = spec.Name };
            topic.Keywords.AddRange(spec.Keywords);
            topic.SeedPaperIds.AddRange(spec.SeedPapers);
            var saved = await client.CreateTopicAsync(new CreateTopicRequest { Topic = topic }, cancellationToken: cancellation);
            AnsiConsole.MarkupLineInterpolated($"[green]topic {saved.Id}[/] saved ({saved.Keywords.Count} keywords, {saved.PaperCount:N0} papers)");
        }
    }
}
