// Registers the trained multi-task models with the report, beside the baselines.
using Recommender.Training.Evaluation;

namespace Recommender.Cli.Commands.Data;

internal static class ReportModels
{
    public static void Register(ReportGenerator generator)
    {
        // The multi-task trainer (branch `model`) plugs in here.
        _ = generator;
    }
}
