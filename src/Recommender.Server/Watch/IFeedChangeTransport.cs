// How feed-change notices and watch announcements travel between the silos of a cluster.
namespace Recommender.Server.Watch;

public interface IFeedChangeTransport
{
    /// <summary>Starts delivering what any silo sends to <paramref name="changed"/> and <paramref name="watching"/>.</summary>
    Task StartAsync(Action<string[]> changed, Action<string[]> watching, CancellationToken cancellationToken);

    /// <summary>These users' feeds were written. Must never block or throw: it runs on the fan-out path.</summary>
    void SendChanged(string[] userIds);

    /// <summary>These users are watched on this silo (sent at start of a watch and every announce period).</summary>
    Task SendWatchingAsync(string[] userIds);
}

/// <summary>One process: notices are delivered to this silo's own hub, synchronously and in memory.</summary>
public sealed class LocalFeedChangeTransport : IFeedChangeTransport
{
    private Action<string[]> changed = _ => { };
    private Action<string[]> watching = _ => { };

    public Task StartAsync(Action<string[]> changed, Action<string[]> watching, CancellationToken cancellationToken)
    {
        (this.changed, this.watching) = (changed, watching);
        return Task.CompletedTask;
    }

    public void SendChanged(string[] userIds) => changed(userIds);

    public Task SendWatchingAsync(string[] userIds)
    {
        watching(userIds);
        return Task.CompletedTask;
    }
}
