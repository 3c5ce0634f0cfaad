// The server's settings, read once from standard .NET configuration (appsettings,
// environment variables such as Recommender__Postgres, command-line --Recommender:Postgres=...).
using System.Net;

namespace Recommender.Server.Hosting;

public sealed record ServerSettings
{
    /// <summary>PostgreSQL connection string; empty selects the embedded SQLite profile.</summary>
    public string Postgres { get; init; } = "";
    /// <summary>Redis configuration (e.g. "127.0.0.1:6379"); empty keeps feeds in process.</summary>
    public string Redis { get; init; } = "";
    /// <summary>Where the embedded profile keeps its SQLite file.</summary>
    public string DataDirectory { get; init; } = "data";
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;
    /// <summary>gRPC (HTTP/2 without TLS).</summary>
    public int GrpcPort { get; init; } = 5080;
    /// <summary>Plain HTTP/1.1 for health probes.</summary>
    public int HttpPort { get; init; } = 5081;
    public int SiloPort { get; init; } = 11111;
    /// <summary>Orleans gateway for external Orleans clients: 0 (the default) keeps it closed; the co-hosted client does not need it.</summary>
    public int GatewayPort { get; init; }
    public string ClusterId { get; init; } = "recommender";
    /// <summary>
    /// Orleans' ServiceId, which keys grain state, reminders and the paper catalogue; defaults to
    /// <see cref="ClusterId"/> (as before it existed). Keep it fixed and change ClusterId for a new
    /// deployment: the new cluster then serves the same users, topics and papers.
    /// </summary>
    public string ServiceId { get; init; } = "recommender";
    /// <summary>The ONNX ranking model; <see cref="CosineRanker"/> selects the model-free cosine ranker.</summary>
    public string ModelPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "models", "default.onnx");

    public const string CosineRanker = "cosine";

    /// <summary>The text encoder of new papers and topics (<c>hashed</c> or <c>arctic-xs</c>); see docs/evaluation.md for the choice.</summary>
    public string Encoder { get; init; } = "hashed";
    /// <summary>Word pieces the sentence encoder keeps per paper (changes its vectors, so its id).</summary>
    public int EncoderMaxTokens { get; init; } = 256;
    /// <summary>ONNX Runtime intra-op threads per sentence-encoder call.</summary>
    public int EncoderThreads { get; init; } = 1;

    /// <summary>
    /// Grain addresses a silo keeps (Orleans' directory cache, an LRU). Orleans' default, a million, keeps an entry
    /// (~330 bytes) for every user grain the silo ever called long after the grain is gone; this bounds it to the
    /// working set: the topics and the users active now. A call to a grain past it asks the directory again.
    /// </summary>
    public int DirectoryCacheSize { get; init; } = 20_000;

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Postgres);

    /// <summary>The embedded profile's SQLite file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "recommender.db"));

    public static ServerSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Recommender");
        var defaults = new ServerSettings();
        return new ServerSettings
        {
            Postgres = section["Postgres"] ?? defaults.Postgres,
            Redis = section["Redis"] ?? defaults.Redis,
            DataDirectory = section["DataDirectory"] ?? defaults.DataDirectory,
            ListenAddress = section["ListenAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : defaults.ListenAddress,
            GrpcPort = section.GetValue("GrpcPort", defaults.GrpcPort),
            HttpPort = section.GetValue("HttpPort", defaults.HttpPort),
            SiloPort = section.GetValue("SiloPort", defaults.SiloPort),
            GatewayPort = section.GetValue("GatewayPort", defaults.GatewayPort),
            ClusterId = section["ClusterId"] ?? defaults.ClusterId,
            ServiceId = section["ServiceId"] ?? section["ClusterId"] ?? defaults.ServiceId,
            ModelPath = section["ModelPath"] ?? defaults.ModelPath,
            Encoder = section["Encoder"] ?? defaults.Encoder,
            EncoderMaxTokens = section.GetValue("EncoderMaxTokens", defaults.EncoderMaxTokens),
            EncoderThreads = section.GetValue("EncoderThreads", defaults.EncoderThreads),
            DirectoryCacheSize = AtLeast(section.GetValue("DirectoryCacheSize", defaults.DirectoryCacheSize), MinimumDirectoryCacheSize, "DirectoryCacheSize"),
        };
    }

    /// <summary>Orleans' LRU refuses fewer entries, with an error that names its own parameter rather than the setting.</summary>
    public const int MinimumDirectoryCacheSize = 3;

    private static int AtLeast(int value, int minimum, string key) => value >= minimum
        ? value
        : throw new InvalidOperationException($"Recommender:{key} must be at least {minimum} (it is {value}).");
}
