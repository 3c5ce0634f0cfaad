// Settings of the digest generator (command-line flags of `recommender digest`, or configuration).
namespace Recommender.Digests;

public sealed record GeneratorOptions
{
    /// <summary>The service's gRPC address.</summary>
    public Uri Server { get; init; } = new("http://127.0.0.1:5080");
    /// <summary>A token with role "service", sent as "authorization: Bearer …" on every call; empty sends none (and the service refuses).</summary>
    public string ServiceToken { get; init; } = "";
    /// <summary>smtp://HOST:PORT; null writes .eml files to <see cref="OutputDirectory"/> instead (the embedded default).</summary>
    public Uri? Smtp { get; init; }
    public string SmtpUser { get; init; } = "";
    public string SmtpPassword { get; init; } = "";
    /// <summary>Upgrade the SMTP connection with STARTTLS (required when set).</summary>
    public bool StartTls { get; init; }
    public string OutputDirectory { get; init; } = "digests";
    public string From { get; init; } = "Paper digest <digest@localhost>";
    /// <summary>Address for the mailto: half of List-Unsubscribe; empty leaves it out.</summary>
    public string UnsubscribeMailto { get; init; } = "";
    public int PapersPerDigest { get; init; } = 10;
    /// <summary>Digests in flight at once (each one: a feed read, a render, a send).</summary>
    public int Concurrency { get; init; } = 8;
    public int ClaimBatch { get; init; } = 100;
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Treat every subscribed user's current period as due, whatever their send hour.</summary>
    public bool Now { get; init; }
    /// <summary>Sends tried per digest within one lease before it is handed back for later.</summary>
    public int SendAttempts { get; init; } = 5;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Pause between passes in --watch mode.</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMinutes(1);
    public string GeneratorId { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}
