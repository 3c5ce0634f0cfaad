// Runs smtp_sink.py (Debian python3-aiosmtpd) as a real SMTP server process on 127.0.0.1, and
// reads back what it accepted. Stop and start it again on the same port to play an outage.
using System.Diagnostics;
using MimeKit;
using Recommender.Server.Tests.EndToEnd;

namespace Recommender.Digests.Tests.EndToEnd;

public sealed class SmtpSinkProcess : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? process;

    public SmtpSinkProcess()
    {
        Directory.CreateDirectory(DataDirectory);
    }

    /// <summary>Chosen free before the first start; kept across restarts, so an outage ends on the same address.</summary>
    public int Port { get; private set; } = FreePorts.Next();
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "recommender-smtp", Guid.NewGuid().ToString("N"));
    public Uri Address => new($"smtp://127.0.0.1:{Port}");

    public async Task StartAsync()
    {
        // Other test processes pick free ports too: one may take ours between the pick and the
        // bind. Before the first start, another port is as good; after it, the port must stay.
        for (var attempt = 1; ; attempt++)
        {
            var error = await TryStartAsync();
            if (error is null)
            {
                started = true;
                return;
            }
            if (started || attempt == 5 || !error.Contains("address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The SMTP sink did not start: " + error);
            }
            Port = FreePorts.Next();
        }
    }

    private bool started;

    /// <summary>Starts the process; null once it reports ready, else what it printed on failing.</summary>
    private async Task<string?> TryStartAsync()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EndToEnd", "smtp_sink.py"));
        start.ArgumentList.Add(Port.ToString());
        start.ArgumentList.Add(DataDirectory);
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the SMTP sink.");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return ready == "ready" ? null : await process.StandardError.ReadToEndAsync();
    }

    /// <summary>Ends the server process: connections are then refused.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>While set, every recipient is answered 451 (try again later).</summary>
    public void TemporaryFailure(bool on) => Control("tempfail", on ? "1" : null);

    /// <summary>Seconds the server waits before answering DATA.</summary>
    public void Delay(double seconds) => Control("delay", seconds > 0 ? seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);

    public int Count => Directory.Exists(MessageDirectory) ? Directory.GetFiles(MessageDirectory, "*.eml").Length : 0;

    /// <summary>Every message accepted so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages() => Directory.Exists(MessageDirectory)
        ? Directory.GetFiles(MessageDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToArray()
        : [];

    private string MessageDirectory => Path.Combine(DataDirectory, "messages");

    private void Control(string name, string? content)
    {
        var path = Path.Combine(DataDirectory, name);
        if (content is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, content);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
