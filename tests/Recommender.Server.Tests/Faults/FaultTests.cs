// The fault scenarios share one cluster (starting three servers is the slow part); each leaves it whole.
// They are one class (a file per scenario) so that they run in a fixed order: the soak last, when the
// silos restarted by the SIGTERM and kill scenarios have been under load for minutes.
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Recommender.Server.Tests.Faults;

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "faults";

    /// <summary>The trait value that selects the tier: dotnet test --filter Category=Faults.</summary>
    public const string Category = "Faults";
}

[Collection(FaultCollection.Name), Trait("Category", FaultCollection.Category)]
[TestCaseOrderer("Recommender.Server.Tests.Faults.FaultOrder", "Recommender.Server.Tests")]
public sealed partial class FaultTests(FaultCluster cluster, ITestOutputHelper output)
{
}

public sealed class FaultOrder : ITestCaseOrderer
{
    private static readonly string[] Scenarios =
    [
        nameof(FaultTests.A_silo_stopped_gracefully_during_publishing_fails_streams_only_with_retryable_statuses_and_loses_nothing),
        nameof(FaultTests.Killing_a_silo_and_resetting_redis_connections_mid_publish_loses_and_doubles_nothing_that_was_acknowledged),
        nameof(FaultTests.Feeds_are_served_and_hides_hold_through_a_stopped_and_a_black_holed_redis),
        nameof(FaultTests.A_stopped_database_gives_clear_unavailable_answers_loses_nothing_acknowledged_and_recovers_without_a_restart),
        nameof(FaultTests.Mixed_load_runs_without_errors_and_memory_settles_after_the_warm_up),
    ];

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(c => Array.IndexOf(Scenarios, c.TestMethod.Method.Name));
}
