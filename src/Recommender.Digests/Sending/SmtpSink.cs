// A minimal SMTP server that accepts every message and keeps only a count (or .eml files):
// somewhere to point the generator when trying it out, and a sink fast enough for benchmarks.
// Speaks RFC 5321 as far as a client like MailKit needs: EHLO/HELO, MAIL, RCPT, DATA (dot-
// stuffed), RSET, NOOP, QUIT, with PIPELINING. Recipients whose local part starts with "bounce"
// are refused with 550, like the test sink.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recommender.Digests.Sending;

public sealed class SmtpSink(IPEndPoint endpoint, string? outputDirectory = null) : IAsyncDisposable
{
    private readonly TcpListener listener = new(endpoint);
    private readonly CancellationTokenSource stopping = new();
    private Task? accepting;
    private long accepted;

    public long Accepted => Interlocked.Read(ref accepted);
    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    public void Start()
    {
        if (outputDirectory is not null)
        {
            Directory.CreateDirectory(outputDirectory);
        }
        listener.Start();
        accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        // Latin-1 maps every byte to one char and back, so 8-bit content passes through unchanged.
        using var reader = new StreamReader(stream, Encoding.Latin1, false, 64 * 1024);
        await using var writer = new StreamWriter(stream, Encoding.Latin1, 4096) { NewLine = "\r\n" };
        try
        {
            await Reply(writer, "220 sink ESMTP ready");
            while (await reader.ReadLineAsync(stopping.Token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Reply(writer, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800");
                        break;
                    case "RCPT":
                        await Reply(writer, line.Contains(":<bounce", StringComparison.OrdinalIgnoreCase)
                            ? "550 5.1.1 Recipient address rejected: User unknown" : "250 2.1.5 Ok");
                        break;
                    case "DATA":
                        await Reply(writer, "354 End data with <CR><LF>.<CR><LF>");
                        var id = await ReceiveAsync(reader);
                        await Reply(writer, $"250 2.0.0 Ok: queued as {id}");
                        break;
                    case "QUIT":
                        await Reply(writer, "221 2.0.0 Bye");
                        return;
                    case "HELO" or "MAIL" or "RSET" or "NOOP":
                        await Reply(writer, "250 2.0.0 Ok");
                        break;
                    default:
                        await Reply(writer, "502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the sink is stopping.
        }
    }

    /// <summary>Reads the message up to the lone "."; keeps it as a file when asked to. Its queue id.</summary>
    private async Task<long> ReceiveAsync(StreamReader reader)
    {
        var message = outputDirectory is null ? null : new StringBuilder();
        while (await reader.ReadLineAsync(stopping.Token) is { } line && line != ".")
        {
            // Dot-stuffing: a line that starts with "." was sent with one more.
            message?.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }
        var id = Interlocked.Increment(ref accepted);
        if (message is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(outputDirectory!, $"{id:D8}.eml"), message.ToString(), Encoding.Latin1);
        }
        return id;
    }

    private static async Task Reply(StreamWriter writer, string text)
    {
        await writer.WriteLineAsync(text);
        await writer.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }
        await stopping.CancelAsync();
        listener.Stop();
        if (accepting is not null)
        {
            await accepting;
        }
    }
}
