// Where digests go: an SMTP server, or .eml files in a directory.
using MimeKit;

namespace Recommender.Digests.Sending;

public interface IMailTransport : IAsyncDisposable
{
    Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
