// ETags of feed pages: a hash of the answer itself, so any change a client could see (an item,
// a score, a reason, the next token) changes it; "if-none-match" (gRPC metadata or the REST
// header, which transcoding passes on as metadata) turns an unchanged answer into not_modified.
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using V1 = Recommender.Api.V1;

namespace Recommender.Server.Api;

public static class FeedETags
{
    /// <summary>HttpContext.Items key telling the REST layer to answer 304.</summary>
    public const string NotModifiedItem = "recommender.feed.not-modified";

    /// <summary>Sets the answer's etag (field and "etag" header); when the caller already has it, empties the answer and marks it not modified.</summary>
    public static V1.GetFeedResponse Apply(V1.GetFeedResponse response, ServerCallContext context)
    {
        var etag = Tag(response);
        var http = context.GetHttpContext();
        http.Response.Headers.ETag = etag;
        if (!Matches(context.RequestHeaders.GetValue("if-none-match"), etag))
        {
            return response;
        }
        http.Items[NotModifiedItem] = true;
        return new V1.GetFeedResponse { Etag = etag, NotModified = true, Total = response.Total, RankerVersion = response.RankerVersion };
    }

    /// <summary>Sets and returns the answer's etag (a page answered inside another call, e.g. CreateUser's first page, carries it too).</summary>
    public static string Tag(V1.GetFeedResponse response)
    {
        var hash = SHA256.HashData(response.ToByteArray());
        response.Etag = "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 12)) + "\"";
        return response.Etag;
    }

    private static bool Matches(string? header, string etag) =>
        header is { Length: > 0 } && header.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}
