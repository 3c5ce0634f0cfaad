// The embedded default: each digest becomes a .eml file, written whole (temp file, flush, rename).
using MimeKit;

namespace Recommender.Digests.Sending;

public sealed class EmlDirectoryTransport : IMailTransport
{
    private readonly string directory;

    public EmlDirectoryTransport(string directory)
    {
        this.directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(this.directory);
    }

    public async Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        // Named by the Message-ID: a resend of the same digest replaces its file instead of adding one.
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".eml";
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await message.WriteToAsync(file, cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        return new SendResult(SendStatus.Accepted, "written " + path);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
