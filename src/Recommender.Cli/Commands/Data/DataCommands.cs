// `recommender simulate`, `recommender logs to-csv` and `recommender report`: synthetic
// logs, training CSVs and the evaluation report.
using System.CommandLine;
using Recommender.Training.Data;
using Recommender.Training.Evaluation;
using Recommender.Training.Evaluation.Recall;
using Recommender.Training.Simulation;

namespace Recommender.Cli.Commands.Data;

public static class DataCommands
{
    public static Command Simulate()
    {
        var users = new Option<int>("--users") { Description = "Number of simulated users.", DefaultValueFactory = _ => 200 };
        var days = new Option<int>("--days") { Description = "Number of simulated days.", DefaultValueFactory = _ => 14 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same logs.", DefaultValueFactory = _ => 1 };
        var correlation = new Option<double>("--head-correlation") { Description = "0..1: how much upvote/save share click's latent interest.", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out") { Description = "Output JSON Lines log (docs/logs-format.md).", Required = true };
        var command = new Command("simulate", "Simulate users reacting to synthetic papers and write impression/feedback logs.")
        {
            users, days, seed, correlation, output,
        };
        command.SetAction(parseResult =>
        {
            var options = new SimulationOptions(parseResult.GetValue(users), parseResult.GetValue(days), parseResult.GetValue(seed),
                HeadCorrelation: parseResult.GetValue(correlation));
            var result = new InteractionSimulator(options).Run();
            var path = parseResult.GetValue(output)!;
            EventLog.WriteFile(path, result.Events);
            var impressions = result.Events.Count(e => e.Type == LogEvent.Impression);
            Console.WriteLine($"Wrote {result.Events.Count} events ({impressions} impressions) to {path}.");
            foreach (var kind in LogEvent.Kinds)
            {
                var count = result.Events.Count(e => e.Kind == kind);
                Console.WriteLine($"  {kind}: {count} ({100.0 * count / impressions:0.00}% of impressions)");
            }
            return 0;
        });
        return command;
    }

    public static Command Logs(GlobalOptions global)
    {
        var logs = new Option<string>("--logs") { Description = "JSON Lines log of impressions and feedback.", Required = true };
        var output = new Option<string>("--out") { Description = "Output CSV: PairFeatures columns, then click,upvote,save,hide.", Required = true };
        var toCsv = new Command("to-csv", "Join impressions with feedback into a training CSV (labels: click,upvote,save,hide).") { logs, output };
        toCsv.SetAction(parseResult =>
        {
            var rows = LogsToCsv.Convert(parseResult.GetValue(logs)!, parseResult.GetValue(output)!);
            Console.WriteLine($"Wrote {rows} rows to {parseResult.GetValue(output)}.");
            return 0;
        });
        return new Command("logs", "Work with impression/feedback logs.") { toCsv, LogsExportCommand.Create(global) };
    }

    public static Command Report(GlobalOptions global)
    {
        var output = new Option<string>("--out") { Description = "Markdown report path; plots go to img/ beside it.", DefaultValueFactory = _ => "docs/evaluation.md" };
        var seed = new Option<int>("--seed") { Description = "Simulation seed.", DefaultValueFactory = _ => 1 };
        var users = new Option<int>("--users") { Description = "Number of simulated users.", DefaultValueFactory = _ => 300 };
        var days = new Option<int>("--days") { Description = "Number of simulated days.", DefaultValueFactory = _ => 14 };
        var command = new Command("report", "Simulate, train and evaluate every model on a temporal split; write Markdown and PNG plots. `report ab` compares ranker variants; `report explore` the exploratory slots with the ranked ones.")
        {
            output, seed, users, days, ReportAbCommand.Create(global), ReportExploreCommand.Create(global),
        };
        command.SetAction(parseResult =>
        {
            var generator = new ReportGenerator(new SimulationOptions(parseResult.GetValue(users), parseResult.GetValue(days), parseResult.GetValue(seed)));
            foreach (var result in generator.Run(parseResult.GetValue(output)!))
            {
                Console.WriteLine($"{result.Model,-42} NDCG@10 {result.Ndcg10:0.000}  AUC " +
                    string.Join(" ", result.Heads.Select(h => $"{h.Head}={h.Auc:0.000}")));
            }
            foreach (var row in generator.Recall!.Rows)
            {
                Console.WriteLine($"recall: {row.Candidates} ranked by {row.Ranker}: recall {row.CandidateRecall:0.000}, recall@{RecallEvaluation.Page} {row.RecallAtPage:0.000}, " +
                    $"NDCG@10 {row.Ndcg10:0.000}, coverage@{RecallEvaluation.Page} {row.Coverage:0.000}");
            }
            Console.WriteLine($"Wrote {parseResult.GetValue(output)}.");
            return 0;
        });
        return command;
    }

    public static Command BuildDefaultModel()
    {
        var output = new Option<string>("--out") { Description = "ONNX file to write.", DefaultValueFactory = _ => "models/default.onnx" };
        var command = new Command("build-default-model",
            "Simulate with the fixed seed, train the default MMoE and write it as ONNX (same bytes every run).") { output };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            var version = DefaultModelBuilder.Build(path, Console.WriteLine);
            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length} bytes), model version {version}.");
            return 0;
        });
        return command;
    }
}
