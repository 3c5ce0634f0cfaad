// Entry point of the `recommender` tool: parses the command line and runs the command.
using Recommender.Cli;

return await RecommenderCommand.Build().Parse(args).InvokeAsync();
