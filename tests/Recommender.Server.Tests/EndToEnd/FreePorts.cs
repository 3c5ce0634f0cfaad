// Loopback ports for the tests' own servers, drawn below the kernel's ephemeral range. A port the kernel
// hands out as "any free port" comes from that range, so another process's outgoing connection can take it
// before the test's server binds it (a digest test's server once failed with "address already in use").
using System.Net;
using System.Net.Sockets;

namespace Recommender.Server.Tests.EndToEnd;

public static class FreePorts
{
    /// <summary>Where the search starts: above the well-known and most registered services' ports.</summary>
    private const int Lowest = 10_000;

    /// <summary>A port no process listens on now, below the ephemeral range when there is room for it.</summary>
    public static int Next()
    {
        var below = EphemeralStart() - 1;
        if (below - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below + 1);
                if (IsFree(port))
                {
                    return port;
                }
            }
        }
        // No room below the range (or all taken): any port the kernel gives.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first ephemeral port (Linux: ip_local_port_range; 32768 by default and elsewhere).</summary>
    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0], out var first)
            ? first
            : 32_768;
    }
}
