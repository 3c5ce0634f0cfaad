// One writer at a time for a database that has one (SQLite): stores of this process queue here,
// asynchronously, instead of spinning in SQLite's busy handler on a thread-pool thread.
namespace Recommender.Storage.Schema;

public sealed class WriterGate
{
    private readonly SemaphoreSlim writer = new(1, 1);

    /// <summary>Waits for the write turn; dispose the result to pass it on.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await writer.WaitAsync(cancellationToken);
        return new Turn(writer);
    }

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}
