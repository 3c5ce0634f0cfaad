// Starts and stops a real single-silo host with the production persistence wiring.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Recommender.Storage.Papers;
using Recommender.Storage.Schema;
using Recommender.Storage.Subscriptions;

namespace Recommender.Server.Tests.Persistence;

internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo; the same <paramref name="serviceId"/> across restarts reaches the same stored state.</summary>
    public static async Task<TestSilo> StartAsync(string serviceId, Action<ISiloBuilder, int, int> persistence)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        var siloPort = EndToEnd.FreePorts.Next();
        var gatewayPort = EndToEnd.FreePorts.Next();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = serviceId;
                o.ServiceId = serviceId;
            });
            persistence(silo, siloPort, gatewayPort);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public static string NewServiceId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
