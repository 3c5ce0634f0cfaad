// The Lua scripts behind RedisFeedStore. KEYS[1] is the user's sorted set (position → score),
// KEYS[2] the hash of details (position → 16 bytes) whose field "_" marks the feed as stored.
// Item arguments come in triples: position, score, details; ARGV[1] is K, ARGV[2] the TTL.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    // Adds the items that beat the K-th score, keeps the best K, refreshes the TTL, and answers
    // the K-th score ("-inf" while there is room). Items go in by chunks small enough that the
    // sorted set and the hash (with its "_" marker) never pass 128 entries, even for a moment:
    // past Redis's listpack limit (zset/hash-max-listpack-entries, 128 by default) they would be
    // converted to skiplist and hashtable for good, several times larger and slower.
    private const string MergeAndTrim = """
        local k = tonumber(ARGV[1])
        local n = redis.call('ZCARD', KEYS[1])
        local floor = nil
        if n >= k then floor = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) end
        local i = 3
        while i <= #ARGV do
          local room = 127 - n
          if room < 1 then room = k end
          local zargs, hargs = {}, {}
          while i <= #ARGV and #zargs < 2 * room do
            if floor == nil or tonumber(ARGV[i + 1]) > floor then
              zargs[#zargs + 1] = ARGV[i + 1]
              zargs[#zargs + 1] = ARGV[i]
              hargs[#hargs + 1] = ARGV[i]
              hargs[#hargs + 1] = ARGV[i + 2]
            end
            i = i + 3
          end
          if #zargs > 0 then
            n = n + redis.call('ZADD', KEYS[1], unpack(zargs))
            redis.call('HSET', KEYS[2], unpack(hargs))
            if n > k then
              local gone = redis.call('ZRANGE', KEYS[1], 0, n - k - 1)
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - k - 1)
              redis.call('HDEL', KEYS[2], unpack(gone))
              n = k
            end
            if n >= k then floor = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) end
          end
        end
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        redis.call('EXPIRE', KEYS[2], ARGV[2])
        if n < k then return '-inf' end
        return tostring(floor)
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
          if #page > 0 then
            local positions = {}
            for i = 1, #page, 2 do positions[#positions + 1] = page[i] end
            local details = redis.call('HMGET', KEYS[2], unpack(positions))
            for i = 1, #page, 2 do
              out[#out + 1] = page[i]
              out[#out + 1] = page[i + 1]
              out[#out + 1] = details[(i + 1) / 2] or ''
            end
          end
        end
        return out
        """;
}
