// This silo's side of WatchFeed: which users are watched here (each watch has a wake-up slot
// of size one), which are watched anywhere in the cluster (from announcements), and the notice
// a feed write sends for watched users only. Waking a watch never waits: a watch whose client
// is slow just finds its slot already full and resyncs once for all it missed.
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Recommender.Server.Watch;

public sealed class FeedWatchHub(IFeedChangeTransport transport, TimeProvider time) : BackgroundService
{
    /// <summary>How often this silo re-announces its watched users; others forget a user after three periods of silence.</summary>
    public static readonly TimeSpan AnnouncePeriod = TimeSpan.FromSeconds(20);

    /// <summary>Watches of one user on one silo, at most.</summary>
    public const int MaxWatchesPerUser = 16;

    private readonly ConcurrentDictionary<string, Watch[]> local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> watchedUntil = new(StringComparer.Ordinal);

    /// <summary>Registers a watch of <paramref name="userId"/> and tells the cluster; null when the user has too many.</summary>
    public async Task<Watch?> WatchAsync(string userId)
    {
        var watch = new Watch(this, userId);
        var added = false;
        local.AddOrUpdate(userId, _ => { added = true; return [watch]; }, (_, current) =>
        {
            added = current.Length < MaxWatchesPerUser;
            return added ? [.. current, watch] : current;
        });
        if (!added)
        {
            return null;
        }
        Heard([userId]);
        await transport.SendWatchingAsync([userId]);
        return watch;
    }

    /// <summary>Called after feeds were written: one notice for those of them someone watches. Never blocks.</summary>
    public void FeedsWritten(IEnumerable<string> userIds)
    {
        if (watchedUntil.IsEmpty)
        {
            return;
        }
        var now = time.GetTimestamp();
        string[]? watched = null;
        var count = 0;
        foreach (var userId in userIds)
        {
            if (watchedUntil.TryGetValue(userId, out var until) && until > now)
            {
                watched ??= new string[4];
                if (count == watched.Length)
                {
                    Array.Resize(ref watched, count * 2);
                }
                watched[count++] = userId;
            }
        }
        if (watched is not null)
        {
            transport.SendChanged(watched[..count]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await transport.StartAsync(Changed, Heard, stoppingToken);
        using var timer = new PeriodicTimer(AnnouncePeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetTimestamp();
            foreach (var (userId, until) in watchedUntil)
            {
                if (until <= now)
                {
                    watchedUntil.TryRemove(new KeyValuePair<string, long>(userId, until));
                }
            }
            if (!local.IsEmpty)
            {
                await transport.SendWatchingAsync(local.Keys.ToArray());
            }
        }
    }

    private void Changed(string[] userIds)
    {
        foreach (var userId in userIds)
        {
            if (local.TryGetValue(userId, out var watches))
            {
                foreach (var watch in watches)
                {
                    watch.Wake();
                }
            }
        }
    }

    private void Heard(string[] userIds)
    {
        var until = time.GetTimestamp() + (long)(3 * AnnouncePeriod.TotalSeconds * time.TimestampFrequency);
        foreach (var userId in userIds)
        {
            watchedUntil[userId] = until;
        }
    }

    private void Remove(Watch watch)
    {
        while (local.TryGetValue(watch.UserId, out var current))
        {
            var rest = current.Where(w => w != watch).ToArray();
            var done = rest.Length == 0
                ? local.TryRemove(new KeyValuePair<string, Watch[]>(watch.UserId, current))
                : local.TryUpdate(watch.UserId, rest, current);
            if (done)
            {
                return;
            }
        }
    }

    /// <summary>One open WatchFeed call: woken when its user's feed may have changed.</summary>
    public sealed class Watch(FeedWatchHub hub, string userId) : IDisposable
    {
        private readonly Channel<bool> wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public string UserId => userId;

        internal void Wake() => wakeups.Writer.TryWrite(true);

        /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                await wakeups.Reader.WaitToReadAsync(timer.Token);
                wakeups.Reader.TryRead(out _);
                return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose() => hub.Remove(this);
    }
}
