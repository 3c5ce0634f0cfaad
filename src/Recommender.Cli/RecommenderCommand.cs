using System.CommandLine;
using Recommender.Cli.Commands;
using Recommender.Cli.Commands.Data;

namespace Recommender.Cli;

/// <summary>Assembles the command tree; each area adds its commands here.</summary>
public static class RecommenderCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Recommender: publish papers, manage users and topics, read feeds, train and evaluate ranking models.");
        var global = new GlobalOptions();
        root.Options.Add(global.Server);
        root.Options.Add(global.Token);
        root.Options.Add(global.Key);
        root.Subcommands.Add(AuthCommand.Create(global));
        root.Subcommands.Add(ImportCommand.Create(global));
        root.Subcommands.Add(UsersCommand.Create(global));
        root.Subcommands.Add(FeedCommand.Create(global));
        root.Subcommands.Add(FeedCommand.CreateFeedback(global));
        root.Subcommands.Add(TopicsCommand.Create(global));
        root.Subcommands.Add(CatalogueCommand.Create(global));
        root.Subcommands.Add(BenchCommand.Create(global));
        root.Subcommands.Add(DigestCommand.Create(global));
        root.Subcommands.Add(SmtpSinkCommand.Create());
        root.Subcommands.Add(DataCommands.Simulate());
        root.Subcommands.Add(DataCommands.Logs(global));
        root.Subcommands.Add(DataCommands.Report(global));
        root.Subcommands.Add(DataCommands.BuildDefaultModel());
        root.Subcommands.Add(Commands.Model.ModelServiceCommand.Create(global));
        Commands.Model.ModelCommands.AddTo(root); // after any other `bench` command, so `bench scorer` joins it
        return root;
    }
}
