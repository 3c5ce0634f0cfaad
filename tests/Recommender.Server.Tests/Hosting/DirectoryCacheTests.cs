// A silo's directory cache is bounded by Recommender:DirectoryCacheSize, not by Orleans' default of a
// million entries, which keeps an address for every user grain the silo ever called.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Recommender.Server.Hosting;

namespace Recommender.Server.Tests.Hosting;

public sealed class DirectoryCacheTests
{
    [Fact]
    public async Task The_silo_caches_as_many_grain_addresses_as_the_setting_says()
    {
        Assert.Equal(1_234, await CacheSizeWith(new() { ["Recommender:DirectoryCacheSize"] = "1234" }));
    }

    [Fact]
    public async Task By_default_the_cache_holds_a_working_set_and_not_every_user_ever_called()
    {
        var size = await CacheSizeWith([]);

        Assert.Equal(new ServerSettings().DirectoryCacheSize, size);
        Assert.True(size < new GrainDirectoryOptions().CacheSize / 10, $"{size} is near Orleans' default");
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    public void A_size_too_small_for_the_cache_stops_the_start_with_an_error_naming_the_setting(string size)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Recommender:DirectoryCacheSize"] = size }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ServerSettings.From(configuration));

        Assert.Contains("Recommender:DirectoryCacheSize", error.Message);
    }

    /// <summary>The cache size the server's silo is built with (the host is built, never started).</summary>
    private static async Task<int> CacheSizeWith(Dictionary<string, string?> settings)
    {
        var data = Directory.CreateTempSubdirectory("recommender-directory-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Recommender:DataDirectory"] = data });
            await builder.AddRecommenderAsync(ServerSettings.From(builder.Configuration));
            await using var app = builder.Build();
            return app.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
