// The Lua scripts behind RedisFeedStore. A user's feed is two keys: the sorted set (position →
// score) and the hash of details (position → 16 bytes) whose field "_" marks the feed as stored.
// Items come in argument triples: position, score, details; ARGV[1] is K, ARGV[2] the TTL.
namespace Recommender.Storage.Feeds;

internal static class FeedScripts
{
    // merge(rank, info, first, last, k, ttl) adds the items ARGV[first .. last - 1] that beat the
    // K-th score, keeps the best K, refreshes the TTL, and answers the K-th score ("-inf" while
    // there is room). Items go in by chunks small enough that the sorted set and the hash (with
    // its "_" marker) never pass 128 entries, even for a moment: past Redis's listpack limit
    // (zset/hash-max-listpack-entries, 128 by default) they would be converted to skiplist and
    // hashtable for good, several times larger and slower.
    private const string Merge = """
        local function merge(rank, info, first, last, k, ttl)
          local n = redis.call('ZCARD', rank)
          local floor = nil
          if n >= k then floor = tonumber(redis.call('ZRANGE', rank, 0, 0, 'WITHSCORES')[2]) end
          local i = first
          while i < last do
            local room = 127 - n
            if room < 1 then room = k end
            local zargs, hargs = {}, {}
            while i < last and #zargs < 2 * room do
              if floor == nil or tonumber(ARGV[i + 1]) > floor then
                zargs[#zargs + 1] = ARGV[i + 1]
                zargs[#zargs + 1] = ARGV[i]
                hargs[#hargs + 1] = ARGV[i]
                hargs[#hargs + 1] = ARGV[i + 2]
              end
              i = i + 3
            end
            if #zargs > 0 then
              n = n + redis.call('ZADD', rank, unpack(zargs))
              redis.call('HSET', info, unpack(hargs))
              if n > k then
                local gone = redis.call('ZRANGE', rank, 0, n - k - 1)
                redis.call('ZREMRANGEBYRANK', rank, 0, n - k - 1)
                redis.call('HDEL', info, unpack(gone))
                n = k
              end
              if n >= k then floor = tonumber(redis.call('ZRANGE', rank, 0, 0, 'WITHSCORES')[2]) end
            end
          end
          redis.call('EXPIRE', rank, ttl)
          redis.call('EXPIRE', info, ttl)
          if n < k then return '-inf' end
          return tostring(floor)
        end

        """;

    /// <summary>
    /// Merges into several users' stored feeds in one call: KEYS come in pairs, one per user; after K
    /// and the TTL, ARGV holds each user's item count and then its items. Answers one element per
    /// user: the K-th score, nil for a feed that is not stored (it stays a miss), or "failed" when
    /// Redis refused that user's write (its feed may be half-written; other users' writes stand).
    /// One call for many users spares Redis and the client a script call per user.
    /// </summary>
    public const string Add = Merge + """
        local function add(rank, info, first, last, k, ttl)
          if redis.call('HEXISTS', info, '_') == 0 then return false end
          return merge(rank, info, first, last, k, ttl)
        end
        local k = tonumber(ARGV[1])
        local out = {}
        local a = 3
        for u = 1, #KEYS, 2 do
          local last = a + 1 + 3 * tonumber(ARGV[a])
          local ok, floor = pcall(add, KEYS[u], KEYS[u + 1], a + 1, last, k, ARGV[2])
          if ok then out[#out + 1] = floor else out[#out + 1] = 'failed' end
          a = last
        end
        return out
        """;

    /// <summary>Stores one user's whole feed anew (KEYS[1], KEYS[2]; items from ARGV[3]).</summary>
    public const string Replace = Merge + """
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('HSET', KEYS[2], '_', '1')
        return merge(KEYS[1], KEYS[2], 3, #ARGV + 1, tonumber(ARGV[1]), ARGV[2])
        """;

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
