// A loopback TCP port that accepts connections and never answers: a dependency behind a dead network path.
using System.Net;
using System.Net.Sockets;

namespace Recommender.Server.Tests.EndToEnd;

internal sealed class BlackHole : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> held = [];
    private readonly CancellationTokenSource stop = new();

    public BlackHole()
    {
        listener.Start();
        _ = HoldConnectionsAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held)
        {
            held.ForEach(s => s.Dispose());
        }
    }

    private async Task HoldConnectionsAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Accepted and kept open, never read from or written to.
                var socket = await listener.AcceptSocketAsync(stop.Token);
                lock (held)
                {
                    held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
