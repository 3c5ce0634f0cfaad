// Who follows which topic, and each user's ranking inputs, kept in tables beside the catalogue
// rather than in topic state: a follow writes one row whatever the topic's size, and a topic
// activating loads its subscribers' inputs in one query.
using Recommender.Abstractions.Topics;

namespace Recommender.Storage.Subscriptions;

public interface ISubscriptionStore
{
    /// <summary>Durably adds the follow and saves the user's inputs (one transaction).</summary>
    Task FollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Durably removes the follow and saves the user's inputs (one transaction).</summary>
    Task UnfollowAsync(string topicId, SubscriberProfile profile, CancellationToken cancellationToken = default);

    /// <summary>The user's latest saved inputs, or null when none were ever saved.</summary>
    Task<SubscriberProfile?> InputsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Saves the user's inputs unless a newer version is stored.</summary>
    Task SaveAsync(SubscriberProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> ids of users with saved inputs, after <paramref name="afterUserId"/> ("" = the start), in the store's order of ids.</summary>
    Task<IReadOnlyList<string>> UsersAfterAsync(string afterUserId, int count, CancellationToken cancellationToken = default);

    /// <summary>Every subscriber of the topic with their latest saved inputs.</summary>
    Task<IReadOnlyList<SubscriberProfile>> SubscribersAsync(string topicId, CancellationToken cancellationToken = default);
}
