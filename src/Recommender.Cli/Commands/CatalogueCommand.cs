// `recommender catalogue re-encode --encoder ID`: moves a running service's stored vectors to its encoder:
// papers first (resumable batches), then every topic (re-defined as it is), then users' vectors (re-derived).
using System.CommandLine;
using System.Diagnostics;
using Recommender.Api.V1;

namespace Recommender.Cli.Commands;

public static class CatalogueCommand
{
    public static Command Create(GlobalOptions global)
    {
        var catalogue = new Command("catalogue", "Maintain the paper catalogue.");
        catalogue.Subcommands.Add(Reencode(global));
        return catalogue;
    }

    private static Command Reencode(GlobalOptions global)
    {
        var encoder = new Option<string>("--encoder") { Description = "The encoder id to move to (the server's, e.g. arctic-xs-v1-t256); the server refuses any other.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Papers per call (1-1000).", DefaultValueFactory = _ => 200 };
        var from = new Option<string>("--from") { Description = "Resume after the page token an interrupted run printed.", DefaultValueFactory = _ => "" };
        var command = new Command("re-encode",
            "Re-encode the stored papers' vectors with the server's encoder, re-define every topic of another encoder, then re-derive users' vectors. " +
            "Papers already of that encoder are skipped, so a run can be repeated or resumed.") { encoder, batch, from };
        command.SetRpcAction(async (parse, cancellation) =>
        {
            var target = parse.GetRequiredValue(encoder);
            using var channel = global.OpenChannel(parse);
            var client = new Catalogue.CatalogueClient(channel);
            var token = parse.GetValue(from)!;
            long scanned = 0, reencoded = 0;
            var clock = Stopwatch.StartNew();
            do
            {
                var answer = await client.ReencodePapersAsync(
                    new ReencodePapersRequest { Encoder = target, BatchSize = parse.GetValue(batch), PageToken = token }, cancellationToken: cancellation);
                scanned += answer.Scanned;
                reencoded += answer.Reencoded;
                token = answer.NextPageToken;
                // The token after every batch: what --from takes to resume an interrupted run.
                Console.WriteLine($"papers: {scanned:N0} scanned, {reencoded:N0} re-encoded; next {(token.Length == 0 ? "(end)" : token)}");
            }
            while (token.Length > 0);
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"papers done: {reencoded:N0} re-encoded of {scanned:N0} in {seconds:0.0} s ({(seconds > 0 ? reencoded / seconds : 0):N0} papers/s)");
            var topics = await ReencodeTopics(new Api.V1.Topics.TopicsClient(channel), target, cancellation);
            Console.WriteLine($"topics done: {topics:N0} re-defined with {target}");
            // Users last: their vectors are re-derived from papers and topics, which must be of the new encoder by now.
            long users = 0, rederived = 0;
            token = "";
            do
            {
                var answer = await client.ReencodeUsersAsync(
                    new ReencodeUsersRequest { Encoder = target, BatchSize = parse.GetValue(batch), PageToken = token }, cancellationToken: cancellation);
                users += answer.Scanned;
                rederived += answer.Reencoded;
                token = answer.NextPageToken;
            }
            while (token.Length > 0);
            Console.WriteLine($"users done: {rederived:N0} re-derived of {users:N0}");
            return 0;
        });
        return command;
    }

    /// <summary>Re-defines, unchanged, every topic whose vector comes from another encoder; the server builds its vector anew.</summary>
    private static async Task<int> ReencodeTopics(Api.V1.Topics.TopicsClient client, string target, CancellationToken cancellation)
    {
        var stale = new List<Topic>();
        var token = "";
        do
        {
            var page = await client.ListTopicsAsync(new ListTopicsRequest { PageSize = 1000, PageToken = token }, cancellationToken: cancellation);
            stale.AddRange(page.Topics.Where(t => t.Encoder != target));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        foreach (var topic in stale)
        {
            var definition = new Topic { Id = topic.Id, Name = topic.Name };
            definition.Keywords.AddRange(topic.Keywords);
            definition.SeedPaperIds.AddRange(topic.SeedPaperIds);
            await client.CreateTopicAsync(new CreateTopicRequest { Topic = definition }, cancellationToken: cancellation);
        }
        return stale.Count;
    }
}
