// A loopback TCP relay between the servers and Redis that the fault suite can turn into a black hole:
// connections are then accepted (and existing ones kept) but nothing is ever answered.
using System.Net;
using System.Net.Sockets;

namespace Recommender.Server.Tests.Faults;

internal sealed class RedisGate : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int upstreamPort;
    private readonly List<Socket> open = [];
    private readonly CancellationTokenSource stop = new();
    private volatile bool blackHoled;

    public RedisGate(int upstreamPort)
    {
        this.upstreamPort = upstreamPort;
        listener.Start(backlog: 256);
        _ = AcceptAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>From now on nothing passes either way; new connections are accepted and held silent.</summary>
    public void BlackHole() => blackHoled = true;

    /// <summary>
    /// Cuts every connection once, as a network blip or a proxy restart would; clients reconnect, and traffic passes.
    /// Answers how many sockets it closed: both ends of each relayed connection, and any not closed since an earlier cut.
    /// </summary>
    public int Reset()
    {
        lock (open)
        {
            var count = open.Count;
            CloseAll();
            return count;
        }
    }

    /// <summary>Traffic passes again. Connections that went silent are cut (their protocol state is lost), so clients reconnect.</summary>
    public void Restore()
    {
        blackHoled = false;
        CloseAll();
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        CloseAll();
    }

    private void CloseAll()
    {
        lock (open)
        {
            open.ForEach(s => s.Dispose());
            open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptSocketAsync(stop.Token);
                Track(client);
                if (!blackHoled)
                {
                    _ = RelayAsync(client);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Redis itself is down: the client sees its connection closed, as with a stopped server.
            client.Dispose();
            upstream.Dispose();
            return;
        }
        Track(upstream);
        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        client.Dispose();
        upstream.Dispose();
    }

    /// <summary>Copies one direction; while black-holed the bytes are read and dropped, so neither side hears anything.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (read == 0)
                {
                    return;
                }
                if (!blackHoled)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Track(Socket socket)
    {
        lock (open)
        {
            open.Add(socket);
        }
    }
}
