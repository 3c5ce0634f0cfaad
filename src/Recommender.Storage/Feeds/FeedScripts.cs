// The Lua scripts behind RedisFeedStore. KEYS[1] is the user's sorted set (position → score),
// KEYS[2] the hash of details (position → 16 bytes) whose field "_" marks the feed as stored.
// Item arguments come in triples: position, score, details; ARGV[1] is K, ARGV[2] the TTL.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    // Adds, keeps the best K, refreshes the TTL, and answers the K-th score ("-inf" while there is room).
    private const string MergeAndTrim = """
        local zargs, hargs = {}, {}
        for i = 3, #ARGV, 3 do
          zargs[#zargs + 1] = ARGV[i + 1]
          zargs[#zargs + 1] = ARGV[i]
          hargs[#hargs + 1] = ARGV[i]
          hargs[#hargs + 1] = ARGV[i + 2]
        end
        if #zargs > 0 then
          redis.call('ZADD', KEYS[1], unpack(zargs))
          redis.call('HSET', KEYS[2], unpack(hargs))
        end
        local k = tonumber(ARGV[1])
        local n = redis.call('ZCARD', KEYS[1])
        if n > k then
          local gone = redis.call('ZRANGE', KEYS[1], 0, n - k - 1)
          redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - k - 1)
          redis.call('HDEL', KEYS[2], unpack(gone))
        end
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        if n < k then return '-inf' end
        return redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
        """;

    /// <summary>Merges into a stored feed; a feed that is not stored stays a miss (nil).</summary>
    public const string Add = "if redis.call('HEXISTS', KEYS[2], '_') == 0 then return false end\n" + MergeAndTrim;

    /// <summary>Stores the whole feed anew.</summary>
    public const string Replace = "redis.call('DEL', KEYS[1], KEYS[2])\nredis.call('HSET', KEYS[2], '_', '1')\n" + MergeAndTrim;

    /// <summary>ARGV[1]: the position to remove.</summary>
    public const string Remove = "redis.call('ZREM', KEYS[1], ARGV[1])\nredis.call('HDEL', KEYS[2], ARGV[1])\nreturn 1";

    /// <summary>ARGV[1]: offset, ARGV[2]: count. Answers nil for a miss, else {total, position, score, details, ...} in feed order.</summary>
    public const string Read = """
        if redis.call('HEXISTS', KEYS[2], '_') == 0 then return false end
        local out = { redis.call('ZCARD', KEYS[1]) }
        local first = tonumber(ARGV[1])
        local count = tonumber(ARGV[2])
        if count > 0 then
          local page = redis.call('ZREVRANGE', KEYS[1], first, first + count - 1, 'WITHSCORES')
          for i = 1, #page, 2 do
            out[#out + 1] = page[i]
            out[#out + 1] = page[i + 1]
            out[#out + 1] = redis.call('HGET', KEYS[2], page[i]) or ''
          end
        end
        return out
        """;
}
