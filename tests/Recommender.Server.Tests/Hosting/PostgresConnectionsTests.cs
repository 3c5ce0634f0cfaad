// The silo's PostgreSQL connection strings: a bounded pool and prepared statements by default, the operator's own choices kept.
using Npgsql;
using Recommender.Server.Hosting;

namespace Recommender.Server.Tests.Hosting;

public sealed class PostgresConnectionsTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Database=recommender;Username=app";

    [Fact]
    public void A_plain_connection_string_gets_each_pool_its_bound_and_prepared_statements()
    {
        var orleans = new NpgsqlConnectionStringBuilder(PostgresConnections.ForOrleans(Plain));
        var catalogue = new NpgsqlConnectionStringBuilder(PostgresConnections.ForCatalogue(Plain));

        Assert.Equal(PostgresConnections.OrleansPoolSize, orleans.MaxPoolSize);
        Assert.Equal(PostgresConnections.CataloguePoolSize, catalogue.MaxPoolSize);
        Assert.All([orleans, catalogue], b => Assert.Equal(PostgresConnections.PreparedStatements, b.MaxAutoPrepare));
        Assert.Equal("recommender", catalogue.Database);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;Maximum Pool Size=40")]
    [InlineData("MaxAutoPrepare=0;MaxPoolSize=40")]
    public void An_operator_who_chose_the_pool_size_or_no_preparation_keeps_that_choice(string chosen)
    {
        var shaped = new NpgsqlConnectionStringBuilder(PostgresConnections.ForCatalogue($"{Plain};{chosen}"));

        Assert.Equal(40, shaped.MaxPoolSize);
        Assert.Equal(0, shaped.MaxAutoPrepare);
    }
}
