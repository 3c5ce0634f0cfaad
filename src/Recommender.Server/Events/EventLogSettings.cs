// How much of the seen sets and the event log the service keeps (configuration section "Recommender").
using Recommender.Storage.Seen;

namespace Recommender.Server.Events;

public sealed record EventLogSettings
{
    /// <summary>A user's most recently seen papers kept.</summary>
    public int SeenPerUser { get; init; } = 5_000;
    public TimeSpan SeenRetention { get; init; } = TimeSpan.FromDays(90);
    /// <summary>Events, and the impression ids that make retries idempotent, are kept this long.</summary>
    public TimeSpan EventRetention { get; init; } = TimeSpan.FromDays(30);
    public long EventLogMaxRows { get; init; } = 5_000_000;
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromHours(1);

    public SeenLimits Limits => new(SeenPerUser, SeenRetention, EventRetention, EventLogMaxRows);

    public static EventLogSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender");
        var defaults = new EventLogSettings();
        var settings = new EventLogSettings
        {
            SeenPerUser = section.GetValue("SeenPerUser", defaults.SeenPerUser),
            SeenRetention = section.GetValue("SeenRetention", defaults.SeenRetention),
            EventRetention = section.GetValue("EventRetention", defaults.EventRetention),
            EventLogMaxRows = section.GetValue("EventLogMaxRows", defaults.EventLogMaxRows),
            PruneInterval = section.GetValue("EventPruneInterval", defaults.PruneInterval),
        };
        if (settings.SeenPerUser < 1 || settings.EventLogMaxRows < 1 || settings.SeenRetention <= TimeSpan.Zero
            || settings.EventRetention <= TimeSpan.Zero || settings.PruneInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException("Recommender:SeenPerUser and EventLogMaxRows must be at least 1, the retentions positive and EventPruneInterval at least 1 s.");
        }
        return settings;
    }
}
