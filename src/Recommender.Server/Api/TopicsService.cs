using Grpc.Core;
using Recommender.Abstractions;
using Recommender.Abstractions.Topics;
using static Recommender.Server.Api.RequestValidation;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public sealed class TopicsService(IGrainFactory grains, Microsoft.Extensions.Options.IOptions<Grains.RecommenderOptions> options) : V1.Topics.TopicsBase
{
    public override async Task<V1.Topic> CreateTopic(V1.CreateTopicRequest request, ServerCallContext context)
    {
        var topic = request.Topic ?? throw Invalid("topic", "is required");
        var id = TopicId(topic.Id, "topic.id");
        var name = Text(topic.Name.Length == 0 ? id : topic.Name, "topic.name", 200);
        if (topic.Keywords.Count > MaxKeywords)
        {
            throw Invalid("topic.keywords", $"at most {MaxKeywords} keywords");
        }
        if (topic.SeedPaperIds.Count > MaxSeedPapers)
        {
            throw Invalid("topic.seed_paper_ids", $"at most {MaxSeedPapers} seed papers");
        }
        var keywords = topic.Keywords.Select((k, i) => Text(k, $"topic.keywords[{i}]", 100)).Distinct().ToArray();
        var seeds = topic.SeedPaperIds.Select((s, i) => PaperId(s, $"topic.seed_paper_ids[{i}]")).Distinct().ToArray();
        if (keywords.Length == 0 && seeds.Length == 0)
        {
            throw Invalid("topic.keywords", "a topic needs keywords or seed_paper_ids");
        }
        await EnsureRoomFor(id);
        var definition = new TopicDefinition { Id = id, Name = name, Keywords = keywords, SeedPaperIds = seeds };
        var info = await grains.GetGrain<ITopicGrain>(GrainKeys.Topic(id)).Define(definition);
        return info.ToApi();
    }

    /// <summary>A new topic only while the service has fewer than MaxTopics (checked before the create: concurrent creates may pass it by a few).</summary>
    private async Task EnsureRoomFor(string id)
    {
        var max = options.Value.MaxTopics;
        var ids = await grains.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).ListIds("", max);
        if (ids.Count >= max && !ids.Contains(id))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"topic.id: the service already has {max} topics, the most it may have"));
        }
    }

    public override async Task<V1.ListTopicsResponse> ListTopics(V1.ListTopicsRequest request, ServerCallContext context)
    {
        var size = PageSize(request.PageSize, 100, 1000);
        var after = request.PageToken.Length == 0 ? "" : TopicId(request.PageToken, "page_token");
        // One extra id tells whether another page follows.
        var ids = await grains.GetGrain<ITopicDirectoryGrain>(GrainKeys.TopicDirectory).ListIds(after, size + 1);
        var page = ids.Take(size).ToArray();
        var infos = await Task.WhenAll(page.Select(id => grains.GetGrain<ITopicGrain>(GrainKeys.Topic(id)).GetInfo(0)));
        var response = new V1.ListTopicsResponse { NextPageToken = ids.Count > size ? page[^1] : "" };
        response.Topics.AddRange(infos.OfType<TopicInfo>().Select(i => i.ToApi()));
        return response;
    }

    public override async Task<V1.GetTopicResponse> GetTopic(V1.GetTopicRequest request, ServerCallContext context)
    {
        var id = TopicId(request.Id, "id");
        var limit = request.RecentLimit is < 0 or > 200
            ? throw Invalid("recent_limit", $"must be between 0 and 200; got {request.RecentLimit}")
            : request.RecentLimit == 0 ? 20 : request.RecentLimit;
        var info = await grains.GetGrain<ITopicGrain>(GrainKeys.Topic(id)).GetInfo(limit)
            ?? throw NotFound("id", id);
        var response = new V1.GetTopicResponse { Topic = info.ToApi() };
        response.RecentPapers.AddRange(info.RecentPapers.Select(p => p.ToApi()));
        return response;
    }
}
