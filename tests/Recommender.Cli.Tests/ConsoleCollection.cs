// Tests that capture the process's console run alone: any other test's command writes to the same
// Console.Out while it is captured (a token read back from it was once garbled so).
namespace Recommender.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
