// Grain keys carry a non-hex prefix: Orleans reads string keys that parse as hex as
// integers, so "0123" and "123" would otherwise be the same grain.
namespace Recommender.Abstractions;

public static class GrainKeys
{
    public const string TopicDirectory = "topics:directory";

    /// <summary>The single hand-over sweep of the whole service.</summary>
    public const string DeliverySweep = "sweep:delivery";

    public static string Topic(string topicId) => "topic:" + topicId;
    public static string User(string userId) => "user:" + userId;

    /// <summary>The id inside a prefixed key, e.g. "user:ada" → "ada".</summary>
    public static string IdOf(string key) => key[(key.IndexOf(':') + 1)..];
}
