// Conversions between the wire messages (Recommender.Api.V1) and the grains' records.
using Google.Protobuf.WellKnownTypes;
using Recommender.Abstractions.Feeds;
using Recommender.Abstractions.Papers;
using Recommender.Abstractions.Topics;
using Recommender.Abstractions.Users;
using Recommender.Grains.Feeds;
using Recommender.Grains.Papers;
using StoredItem = Recommender.Storage.Feeds.FeedItem;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public static class ApiMapping
{
    // A summary is shown in many feeds: its wire message is built once per summary object.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PaperSummary, V1.PaperSummary> Summaries = new();

    public static V1.PaperSummary ToApi(this PaperSummary paper) => Summaries.GetValue(paper, Build);

    private static V1.PaperSummary Build(PaperSummary paper)
    {
        var result = new V1.PaperSummary
        {
            Id = paper.Id,
            Title = paper.Title,
            Upvotes = paper.Upvotes,
            Url = paper.Url,
            AuthorCount = paper.AuthorCount,
            PublishedAt = paper.PublishedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        result.Authors.AddRange(paper.Authors);
        result.Categories.AddRange(paper.Categories);
        return result;
    }

    public static V1.Paper ToApi(this PaperRecord paper)
    {
        var result = new V1.Paper
        {
            Id = paper.Id,
            Title = paper.Title,
            Abstract = paper.Abstract,
            Upvotes = paper.Upvotes,
            Url = paper.Url,
            AuthorCount = paper.AuthorCount,
            PublishedAt = paper.PublishedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        result.Authors.AddRange(paper.Authors);
        result.Categories.AddRange(paper.Categories);
        return result;
    }

    public static V1.TopicMatch ToApi(this TopicMatch match) => new() { TopicId = match.TopicId, Similarity = match.Similarity };

    public static V1.Topic ToApi(this TopicInfo topic)
    {
        var result = new V1.Topic
        {
            Id = topic.Definition.Id,
            Name = topic.Definition.Name,
            SubscriberCount = topic.SubscriberCount,
            PaperCount = topic.PaperCount,
            Encoder = topic.Encoder,
        };
        result.Keywords.AddRange(topic.Definition.Keywords);
        result.SeedPaperIds.AddRange(topic.Definition.SeedPaperIds);
        return result;
    }

    public static V1.User ToApi(this UserProfile user)
    {
        var result = new V1.User
        {
            Id = user.Id,
            Email = user.Email,
            DisplayName = user.DisplayName,
            Digest = user.Digest switch
            {
                DigestCadence.Never => V1.DigestCadence.Never,
                DigestCadence.Weekly => V1.DigestCadence.Weekly,
                _ => V1.DigestCadence.Daily,
            },
            CreatedAt = Timestamp.FromDateTimeOffset(user.CreatedAt),
            FeedbackCount = user.FeedbackCount,
            Encoder = user.Encoder,
        };
        result.FollowedTopics.AddRange(user.FollowedTopics);
        result.SeedPaperIds.AddRange(user.SeedPaperIds);
        result.Keywords.AddRange(user.Keywords);
        return result;
    }

    public static V1.FeedItem ToApi(this FeedEntry entry, int rank)
    {
        var item = new V1.FeedItem
        {
            Paper = entry.Paper.ToApi(),
            Score = entry.Score,
            Rank = rank,
            RankerVersion = entry.RankerVersion,
            Source = entry.Source.ToApi(),
        };
        foreach (var (task, score) in entry.TaskScores)
        {
            item.TaskScores[task] = score;
        }
        item.Reasons.AddRange(entry.Reasons);
        return item;
    }

    /// <summary>
    /// A stored feed item as the wire message, without the rank: what <see cref="FeedEntries.ToEntry"/> and then
    /// ToApi would give, but with no entry in between. Every feed read maps its page this way, and the entry's own
    /// dictionary and arrays were a tenth of a read's garbage.
    /// </summary>
    public static V1.FeedItem ToApi(this StoredItem item, PaperCard card)
    {
        var ranker = RankerTags.DescriptorOf(item.Details.RankerTag);
        var result = new V1.FeedItem
        {
            Paper = Shown(card),
            Score = item.Score,
            RankerVersion = ranker.Version,
            Source = FeedEntries.SourceOf(item.Details).ToApi(),
        };
        FeedEntries.AddTaskScores(ranker, item.Details, result.TaskScores);
        FeedEntries.AddReasons(item.Details, card, result.Reasons);
        return result;
    }

    /// <summary>The card's summary as the wire shows it, built once and kept with the card (<see cref="PaperCard.Shown"/>).</summary>
    private static V1.PaperSummary Shown(PaperCard card)
    {
        if (card.Shown is not V1.PaperSummary shown)
        {
            card.Shown = shown = card.Summary.ToApi();
        }
        return shown;
    }

    private static V1.FeedSource ToApi(this FeedSource source) => source switch
    {
        FeedSource.Interest => V1.FeedSource.Interest,
        FeedSource.Trending => V1.FeedSource.Trending,
        _ => V1.FeedSource.FollowedTopic,
    };
}
