// The counts each fault scenario prints: to the test output, and appended to $RECOMMENDER_FAULT_REPORT
// (deploy/test.sh and deploy/faults.sh print that file at the end, since passing tests' output is hidden).
using Xunit.Abstractions;

namespace Recommender.Server.Tests.Faults;

public sealed class FaultReport(string scenario)
{
    private readonly List<(string Name, object Value)> counts = [];

    public FaultReport Add(string name, object value)
    {
        counts.Add((name, value));
        return this;
    }

    public void Print(ITestOutputHelper output)
    {
        var line = $"faults: {scenario}: " + string.Join(", ", counts.Select(c => $"{c.Name} {c.Value}"));
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RECOMMENDER_FAULT_REPORT") is { Length: > 0 } file)
        {
            lock (typeof(FaultReport))
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }
}
