// The one Lua script behind RedisFeedStore: a batch of compare-and-set writes. A silo merges new
// items into the feed it read and writes the result back only if nobody wrote that feed since.
// The new values never pass through Lua: handing a script a few kilobytes per user cost Redis as much
// as the writes themselves (measured: an empty script given 32 feeds of 2.8 KB cost 3.3 µs per feed).
// The values go first to staged keys of their own in the same transaction, and the script renames them
// into place.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    /// <summary>
    /// KEYS: per user the feed, then the staged key holding its new value (in the feed's hash slot). ARGV[1]: the TTL in
    /// seconds; then per user the token the writer read. Answers per user: 1 written; 0 not written, because the
    /// feed changed or went since it was read (merge again); -1 Redis refused the write (a key of another type):
    /// that user's feed alone is lost. Every staged key is gone afterwards, written or not.
    /// </summary>
    public const string CompareAndSet = """
        local function put(feed, staged, expected, ttl)
          if redis.call('GETRANGE', feed, 0, 3) ~= expected then return 0 end
          redis.call('RENAME', staged, feed)
          redis.call('EXPIRE', feed, ttl)
          return 1
        end
        local out = {}
        for u = 1, #KEYS / 2 do
          local staged = KEYS[2 * u]
          local ok, written = pcall(put, KEYS[2 * u - 1], staged, ARGV[u + 1], ARGV[1])
          if ok then out[u] = written else out[u] = -1 end
          if out[u] ~= 1 then redis.call('DEL', staged) end
        end
        return out
        """;
}
