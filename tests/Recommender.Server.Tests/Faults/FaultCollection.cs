// The fault scenarios share one cluster (starting three servers is the slow part); each leaves it whole.
// They run in a fixed order: the soak last, so that the silos restarted by the kill and SIGTERM
// scenarios are warm when its memory is measured.
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Recommender.Server.Tests.Faults;

[CollectionDefinition(Name)]
[TestCaseOrderer("Recommender.Server.Tests.Faults.FaultOrder", "Recommender.Server.Tests")]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "faults";

    /// <summary>The trait value that selects the tier: dotnet test --filter Category=Faults.</summary>
    public const string Category = "Faults";
}

public sealed class FaultOrder : ITestCaseOrderer
{
    private static readonly string[] Classes =
        [nameof(ShutdownFaultTests), nameof(KillSiloFaultTests), nameof(RedisFaultTests), nameof(PostgresFaultTests), nameof(SoakFaultTests)];

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(c => Array.IndexOf(Classes, c.TestMethod.TestClass.Class.Name.Split('.').Last()));
}
