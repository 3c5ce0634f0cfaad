// Wires the digest ledger, link signing and the Digests gRPC service into the server.
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Server.Hosting;
using Recommender.Storage.Schema;

namespace Recommender.Server.Digests;

public static class DigestHosting
{
    /// <summary>Registers the ledger on <paramref name="database"/> (rows of <see cref="ServerSettings.ServiceId"/>, like grain state)
    /// and loads the link-signing key, created on first start and shared by every silo of the service.</summary>
    public static async Task AddDigestsAsync(this WebApplicationBuilder builder, ServerSettings settings, DbDataSource database, WriterGate? writer)
    {
        var store = new DigestStore(database, settings.ServiceId, writer);
        var tokens = new DigestTokens(await store.SigningKeyAsync());
        // Where links in mails point: the HTTP/1.1 port unless a public address is configured.
        var publicUrl = builder.Configuration["Recommender:PublicUrl"] is { Length: > 0 } configured
            ? configured
            : $"http://{settings.ListenAddress}:{settings.HttpPort}/";
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton(new DigestLinks(tokens, new Uri(publicUrl.EndsWith('/') ? publicUrl : publicUrl + "/")));
        builder.Services.TryAddSingleton(TimeProvider.System);
    }

    public static void MapDigests(this WebApplication app)
    {
        app.MapGrpcService<DigestsService>();
        app.MapDigestPages();
    }
}
