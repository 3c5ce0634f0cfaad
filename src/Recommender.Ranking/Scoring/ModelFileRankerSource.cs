// Serves the ranker in a model file and swaps in a new one when the file changes. A bad new
// file is logged and ignored; the replaced ranker is retired after a grace period so batches
// that took it just before the swap still finish on it.
namespace Recommender.Ranking.Scoring;

public sealed class ModelFileRankerSource : IRankerSource, IDisposable
{
    private readonly string _path;
    private readonly IReadOnlyList<string> _expectedFeatures;
    private readonly Action<string> _log;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _gracePeriod;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _timer;
    private readonly Lock _reloadLock = new();
    private OnnxRanker _current;
    private int _swaps;
    private bool _disposed;

    /// <summary>Loads <paramref name="path"/> now (throws <see cref="InvalidModelException"/> if it is unusable) and watches it.</summary>
    public ModelFileRankerSource(string path, IReadOnlyList<string> expectedFeatures, Action<string>? log = null,
        TimeSpan? debounce = null, TimeSpan? gracePeriod = null)
    {
        _path = Path.GetFullPath(path);
        _expectedFeatures = expectedFeatures;
        _log = log ?? (_ => { });
        _debounce = debounce ?? TimeSpan.FromMilliseconds(500);
        _gracePeriod = gracePeriod ?? TimeSpan.FromSeconds(30);
        _current = OnnxRanker.Load(_path, expectedFeatures);
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        // Writers usually produce several events per save (truncate, write, rename); wait for quiet.
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.EnableRaisingEvents = true;
    }

    public IRanker Current => Volatile.Read(ref _current);

    /// <summary>How many times a new model was swapped in.</summary>
    public int Swaps => Volatile.Read(ref _swaps);

    /// <summary>Raised after a new ranker became <see cref="Current"/>.</summary>
    public event Action<IRanker>? Swapped;

    private void Schedule()
    {
        lock (_reloadLock)
        {
            if (!_disposed)
                _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Loads the file again; returns false (and keeps the current model) if it is unusable.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed)
                return false;
            OnnxRanker next;
            try
            {
                next = OnnxRanker.Load(_path, _expectedFeatures);
            }
            catch (Exception e)
            {
                // Any failure, not only the expected ones: this runs on a timer thread, where a throw would end the process.
                _log($"Model reload failed, keeping {_current.Descriptor.Version}: {e.Message}");
                return false;
            }
            var old = Interlocked.Exchange(ref _current, next);
            Interlocked.Increment(ref _swaps);
            _log($"Model swapped: {old.Descriptor.Version} -> {next.Descriptor.Version}");
            _ = RetireLater(old);
        }
        Swapped?.Invoke(Current);
        return true;
    }

    private async Task RetireLater(OnnxRanker old)
    {
        await Task.Delay(_gracePeriod).ConfigureAwait(false);
        old.Dispose();
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _watcher.Dispose();
        _timer.Dispose();
        _current.Dispose();
    }
}
