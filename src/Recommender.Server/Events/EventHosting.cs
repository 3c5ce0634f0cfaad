// Wires the seen store (seen sets and event log, in the service's database), the recorders, the
// retention job and the Events gRPC service into the server.
using System.Data.Common;
using Recommender.Server.Api;
using Recommender.Server.Hosting;
using Recommender.Storage.Schema;
using Recommender.Storage.Seen;

namespace Recommender.Server.Events;

public static class EventHosting
{
    /// <summary>Registers the store on <paramref name="database"/> (rows of <see cref="ServerSettings.ServiceId"/>, like grain state).</summary>
    /// <param name="writer">The database's single-writer gate (SQLite), shared with the other stores of the file; null for PostgreSQL.</param>
    public static void AddEventLog(this WebApplicationBuilder builder, ServerSettings settings, DbDataSource database, WriterGate? writer)
    {
        var events = EventLogSettings.From(builder.Configuration);
        builder.Services.AddSingleton(events);
        builder.Services.AddSingleton<ISeenStore>(services =>
            new SqlSeenStore(database, settings.ServiceId, events.Limits, services.GetRequiredService<TimeProvider>(), writer));
        builder.Services.AddSingleton<EventRecorder>();
        builder.Services.AddSingleton<ImpressionRecorder>();
        builder.Services.AddSingleton<UnseenFeed>();
        builder.Services.AddHostedService<EventRetention>();
    }

    public static void MapEventLog(this WebApplication app) => app.MapGrpcService<EventsService>();
}
