// The one Lua script behind RedisFeedStore: a batch of compare-and-set writes. A silo merges new
// items into the feed it read and writes the result back only if nobody wrote that feed since.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    /// <summary>
    /// KEYS: one feed per user. ARGV[1]: the TTL in seconds; then per user the token the writer read and the new
    /// value. Answers per user: 1 written; 0 not written, because the feed changed or went since it was read (merge
    /// again); -1 Redis refused the write (a key of another type): that user's feed alone is lost.
    /// </summary>
    public const string CompareAndSet = """
        local function put(key, expected, value, ttl)
          if redis.call('GETRANGE', key, 0, 3) ~= expected then return 0 end
          redis.call('SET', key, value, 'EX', ttl)
          return 1
        end
        local out = {}
        for u = 1, #KEYS do
          local ok, written = pcall(put, KEYS[u], ARGV[2 * u], ARGV[2 * u + 1], ARGV[1])
          if ok then out[u] = written else out[u] = -1 end
        end
        return out
        """;
}
