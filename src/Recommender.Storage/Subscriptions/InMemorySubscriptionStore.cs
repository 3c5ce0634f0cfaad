// A subscription store in process memory: for tests and trials; nothing survives a restart.
using Recommender.Abstractions.Topics;

namespace Recommender.Storage.Subscriptions;

public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<string>> followers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriberProfile> inputs = new(StringComparer.Ordinal);

    public Task FollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Followers(topicId).Add(profile.UserId);
            Save(profile);
        }
        return Task.CompletedTask;
    }

    public Task UnfollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Followers(topicId).Remove(profile.UserId);
            Save(profile);
        }
        return Task.CompletedTask;
    }

    public Task<SubscriberProfile?> InputsAsync(string userId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(inputs.GetValueOrDefault(userId));
        }
    }

    public Task SaveAsync(SubscriberProfile profile, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Save(profile);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> UsersAfterAsync(string afterUserId, int count, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(inputs.Keys.Where(id => string.CompareOrdinal(id, afterUserId) > 0).Order(StringComparer.Ordinal).Take(count).ToArray());
        }
    }

    public Task<IReadOnlyList<SubscriberProfile>> SubscribersAsync(string topicId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<SubscriberProfile>>(Followers(topicId).Select(id => inputs[id]).ToArray());
        }
    }

    private HashSet<string> Followers(string topicId)
    {
        if (!followers.TryGetValue(topicId, out var set))
        {
            followers[topicId] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        return set;
    }

    private void Save(SubscriberProfile profile)
    {
        if (!inputs.TryGetValue(profile.UserId, out var stored) || stored.Version < profile.Version)
        {
            inputs[profile.UserId] = profile;
        }
    }
}
