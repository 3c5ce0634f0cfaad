// The built-in SMTP sink speaks enough SMTP for MailKit, and the transport sorts its answers.
using System.Net;
using MimeKit;
using Recommender.Digests.Sending;

namespace Recommender.Digests.Tests.Sending;

public sealed class SmtpSinkTests
{
    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage { Subject = "hi", MessageId = "m1@test" };
        message.From.Add(MailboxAddress.Parse("digest@test.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = "line one\r\n.starts with a dot\r\nÄrger in UTF-8\r\n" };
        return message;
    }

    [Fact]
    public async Task Mailkit_delivers_through_the_sink_byte_for_byte_and_a_bounce_address_is_refused_for_good()
    {
        var directory = Path.Combine(Path.GetTempPath(), "recommender-sink-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, 0), directory);
            sink.Start();
            await using var transport = new SmtpTransport(new Uri($"smtp://127.0.0.1:{sink.Endpoint.Port}"), "", "", startTls: false, TimeSpan.FromSeconds(10));

            var sent = await transport.SendAsync(Message("ada@example.org"), CancellationToken.None);
            var again = await transport.SendAsync(Message("ada@example.org"), CancellationToken.None);
            var bounced = await transport.SendAsync(Message("bounce-7@example.org"), CancellationToken.None);

            Assert.Equal((SendStatus.Accepted, SendStatus.Accepted, SendStatus.RecipientRejected), (sent.Status, again.Status, bounced.Status));
            Assert.StartsWith("550", bounced.Reply, StringComparison.Ordinal);
            Assert.Equal(2, sink.Accepted);
            var received = MimeMessage.Load(Directory.GetFiles(directory).Order().First());
            Assert.Equal("line one\n.starts with a dot\nÄrger in UTF-8\n", received.TextBody?.ReplaceLineEndings("\n"));
            Assert.Equal("m1@test", received.MessageId);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_failure()
    {
        await using var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, 0));
        sink.Start();
        var port = sink.Endpoint.Port;
        await sink.DisposeAsync();
        await using var transport = new SmtpTransport(new Uri($"smtp://127.0.0.1:{port}"), "", "", startTls: false, TimeSpan.FromSeconds(5));

        Assert.Equal(SendStatus.Transient, (await transport.SendAsync(Message("ada@example.org"), CancellationToken.None)).Status);
    }
}
