// The fault scenarios share one cluster (starting three servers is the slow part); each leaves it whole.
namespace Recommender.Server.Tests.Faults;

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "faults";

    /// <summary>The trait value that selects the tier: dotnet test --filter Category=Faults.</summary>
    public const string Category = "Faults";
}
