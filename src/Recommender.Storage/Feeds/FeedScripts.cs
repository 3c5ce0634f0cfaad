// The Lua scripts behind RedisFeedStore: a batch of appends to feeds with room, and a batch of
// compare-and-set writes (a silo merges new items into the feed it read and writes the result back
// only if nobody wrote that feed since). Neither looks at an entry: Redis's one thread does no
// per-entry work.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    /// <summary>
    /// KEYS: one feed per user. ARGV[1]: the TTL in seconds; ARGV[2]: the longest a value may grow to; ARGV[3]: where
    /// in a value the K-th sorted entry's score sits (1-based); then per user a new token and the entries to append.
    /// Answers per user: the header's count (4 bytes) and the K-th sorted entry's score (4 bytes, or none when there
    /// are fewer) once appended; 0 not stored (it stays a miss); 2 no room (merge instead); -1 a key of another type
    /// or a value whose length is not a feed's (that feed alone is lost). The value is set anew rather than grown
    /// by APPEND, which would reserve twice its length in Redis's memory; it takes a new token, so that a merge read
    /// before it is not written over it.
    /// </summary>
    public static readonly string AppendIfRoom = $$"""
        local function append(key, token, entries, ttl, longest, kth)
          local value = redis.call('GET', key)
          if not value then return 0 end
          local length = #value
          if length < {{PackedFeed.HeaderSize}} or (length - {{PackedFeed.HeaderSize}}) % {{PackedFeed.EntrySize}} ~= 0 then return -1 end
          if length + #entries > longest then return 2 end
          redis.call('SET', key, token .. string.sub(value, 5) .. entries, 'EX', ttl)
          return string.sub(value, 5, 8) .. string.sub(value, kth, kth + 3)
        end
        local out = {}
        local longest = tonumber(ARGV[2])
        local kth = tonumber(ARGV[3])
        for u = 1, #KEYS do
          local ok, appended = pcall(append, KEYS[u], ARGV[2 + 2 * u], ARGV[3 + 2 * u], ARGV[1], longest, kth)
          if ok then out[u] = appended else out[u] = -1 end
        end
        return out
        """;

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
