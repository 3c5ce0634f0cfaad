// Every vector is stored with the id of the encoder that made it: vectors of two encoders are
// never compared (their dimensions, or at least their meanings, differ).
namespace Recommender.Abstractions.Papers;

public static class EncoderIds
{
    /// <summary>The only encoder before ids were stored: rows written then carry an empty id and mean this one.</summary>
    public const string Legacy = "hashed-tf-v1-d256";

    public static string Of(string? stored) => string.IsNullOrEmpty(stored) ? Legacy : stored;

    public static bool Same(string? a, string? b) => string.Equals(Of(a), Of(b), StringComparison.Ordinal);
}
