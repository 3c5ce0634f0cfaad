// Feed-change notices over Redis pub/sub, so a watch on one silo hears of writes made on any
// other (topics write feeds wherever they are activated). Two channels per service: "changed"
// (user ids whose feeds were written) and "watching" (user ids someone watches, so that silos
// send notices only for those). Pub/sub keeps nothing: a notice missed while Redis was away
// is made good by the watches' periodic resync.
using StackExchange.Redis;

namespace Recommender.Server.Watch;

public sealed class RedisFeedChangeTransport(IConnectionMultiplexer redis, string serviceId, ILogger<RedisFeedChangeTransport> logger) : IFeedChangeTransport
{
    private readonly RedisChannel changedChannel = RedisChannel.Literal(serviceId + ":feed-watch:changed");
    private readonly RedisChannel watchingChannel = RedisChannel.Literal(serviceId + ":feed-watch:watching");

    public async Task StartAsync(Action<string[]> changed, Action<string[]> watching, CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        // Redis may be down at start (the server starts anyway): keep trying; once subscribed,
        // the client re-subscribes by itself after a reconnect.
        while (true)
        {
            try
            {
                await subscriber.SubscribeAsync(changedChannel, (_, message) => changed(Split(message)));
                await subscriber.SubscribeAsync(watchingChannel, (_, message) => watching(Split(message)));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Could not subscribe to feed-change notices; watches resync on heartbeats until it works: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            }
        }
    }

    public void SendChanged(string[] userIds)
    {
        try
        {
            redis.GetSubscriber().Publish(changedChannel, string.Join('\n', userIds), CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Fan-out never waits for or fails on a notice; watchers resync on their heartbeat.
        }
    }

    public async Task SendWatchingAsync(string[] userIds)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(watchingChannel, string.Join('\n', userIds));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not announce watched feeds: {Error}", e.Message);
        }
    }

    // User ids never contain a line break (RequestValidation).
    private static string[] Split(RedisValue message) => message.IsNullOrEmpty ? [] : message.ToString().Split('\n');
}
