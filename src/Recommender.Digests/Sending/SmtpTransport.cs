// Sends over SMTP with MailKit, keeping a few connections open for reuse, and sorts every
// failure into transient (retry later), recipient rejected (suppress) or failed.
using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Recommender.Digests.Sending;

public sealed class SmtpTransport(Uri server, string user, string password, bool startTls, TimeSpan timeout) : IMailTransport
{
    private readonly ConcurrentBag<SmtpClient> idle = [];

    public async Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        SmtpClient? client = null;
        try
        {
            client = await RentAsync(cancellationToken);
            var reply = await client.SendAsync(message, cancellationToken);
            idle.Add(client);
            return new SendResult(SendStatus.Accepted, reply);
        }
        catch (SmtpCommandException e)
        {
            // The connection is still good after a refused command; reset it for the next message.
            if (client is { IsConnected: true })
            {
                idle.Add(client);
            }
            var code = (int)e.StatusCode;
            var reply = $"{code} {e.Message}";
            return code switch
            {
                >= 500 when e.ErrorCode == SmtpErrorCode.RecipientNotAccepted => new SendResult(SendStatus.RecipientRejected, reply),
                >= 500 => new SendResult(SendStatus.Failed, reply),
                _ => new SendResult(SendStatus.Transient, reply),
            };
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client?.Dispose();
            return new SendResult(SendStatus.Transient, $"{e.GetType().Name}: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            client?.Dispose();
            return new SendResult(SendStatus.Failed, "authentication failed: " + e.Message);
        }
    }

    private async Task<SmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        while (idle.TryTake(out var pooled))
        {
            if (pooled.IsConnected)
            {
                return pooled;
            }
            pooled.Dispose();
        }
        var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            // Nagle's algorithm on a command-reply protocol waits for the peer's delayed ACK: tens of ms per message.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, server.Host, server.Port, startTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (user.Length > 0)
            {
                await client.AuthenticateAsync(user, password, cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var client))
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(quit: true);
                }
                catch (Exception e) when (e is IOException or SmtpProtocolException or SocketException)
                {
                    // Closing anyway.
                }
            }
            client.Dispose();
        }
    }

    /// <summary>smtp://HOST:PORT (port 25 when left out).</summary>
    public static Uri Parse(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "smtp" && uri.Host.Length > 0
            ? (uri.IsDefaultPort || uri.Port <= 0 ? new UriBuilder(uri) { Port = 25 }.Uri : uri)
            : throw new FormatException($"'{value}' is not smtp://HOST:PORT");
}
