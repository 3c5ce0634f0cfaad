// GetFeed with unseen_only: the feed without the papers the user has seen. Ranks and the offset in
// page tokens count positions in the whole feed, not in the filtered list, so impressions recorded
// between two pages neither shift nor skip anything; `total` counts the unseen papers.
using Microsoft.Extensions.Options;
using Recommender.Abstractions.Feeds;
using Recommender.Grains;
using Recommender.Storage.Seen;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class UnseenFeed(ISeenStore seen, IOptions<RecommenderOptions> options)
{
    /// <param name="read">Reads (offset, count) of the whole feed, as a plain GetFeed does.</param>
    public async Task<V1.GetFeedResponse> PageAsync(string userId, int offset, int size, Func<int, int, Task<FeedPage>> read, CancellationToken cancellationToken)
    {
        // A feed holds at most FeedSize papers: read it whole, so the total and the next token are exact.
        var feed = await read(0, options.Value.FeedSize);
        var seenIds = await seen.SeenAmongAsync(userId, feed.Entries.Select(e => e.PaperId).ToArray(), cancellationToken);
        var response = new V1.GetFeedResponse
        {
            RankerVersion = feed.RankerVersion,
            Total = feed.Entries.Count(e => !seenIds.Contains(e.PaperId)),
        };
        var index = offset;
        for (; index < feed.Entries.Count && response.Items.Count < size; index++)
        {
            if (!seenIds.Contains(feed.Entries[index].PaperId))
            {
                response.Items.Add(feed.Entries[index].ToApi(index + 1));
            }
        }
        var more = feed.Entries.Skip(index).Any(e => !seenIds.Contains(e.PaperId));
        response.NextPageToken = more ? PageTokens.Next(index, 0, feed.Entries.Count) : "";
        return response;
    }
}
