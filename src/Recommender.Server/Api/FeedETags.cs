// ETags of feed pages: a hash of what the answer says, so any change a client could see (an item,
// a score, a reason, the next token) changes it; "if-none-match" (gRPC metadata or the REST
// header, which transcoding passes on as metadata) turns an unchanged answer into not_modified.
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
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
        var etag = Of(response);
        response.Etag = etag;
        var http = context.GetHttpContext();
        http.Response.Headers.ETag = etag;
        if (!Matches(context.RequestHeaders.GetValue("if-none-match"), etag))
        {
            return response;
        }
        http.Items[NotModifiedItem] = true;
        return new V1.GetFeedResponse { Etag = etag, NotModified = true, Total = response.Total, RankerVersion = response.RankerVersion };
    }

    /// <summary>
    /// A hash of every field of the answer but the papers' summaries, which the paper id stands for
    /// (the catalogue never changes a paper once stored). Hashing these few fields as they sit in
    /// memory (strings as UTF-16) instead of the serialized answer saves serializing every page twice;
    /// XxHash128 since an etag needs no secrecy, only that two different answers never share one.
    /// </summary>
    public static string Of(V1.GetFeedResponse response)
    {
        var hash = new XxHash128();
        Write(hash, response.Total);
        Write(hash, response.RankerVersion);
        Write(hash, response.NextPageToken);
        // Indexed loops: a repeated field's enumerator is an object, and every read hashes its page.
        for (var i = 0; i < response.Items.Count; i++)
        {
            var item = response.Items[i];
            Write(hash, item.Paper?.Id ?? "");
            Write(hash, item.Rank);
            Write(hash, BitConverter.DoubleToInt64Bits(item.Score));
            Write(hash, item.RankerVersion);
            Write(hash, (long)item.Source);
            Write(hash, item.Exploratory ? 1 : 0);
            Write(hash, BitConverter.DoubleToInt64Bits(item.Propensity));
            Write(hash, item.TaskScores.Count);
            foreach (var (task, score) in item.TaskScores)
            {
                Write(hash, task);
                Write(hash, BitConverter.SingleToInt32Bits(score));
            }
            Write(hash, item.Reasons.Count);
            for (var r = 0; r < item.Reasons.Count; r++)
            {
                Write(hash, item.Reasons[r]);
            }
        }
        Span<byte> digest = stackalloc byte[16];
        hash.GetCurrentHash(digest);
        return "\"" + Convert.ToHexStringLower(digest[..12]) + "\"";
    }

    private static void Write(XxHash128 hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        hash.Append(bytes);
    }

    /// <summary>Length first, so that ("ab", "c") and ("a", "bc") differ.</summary>
    private static void Write(XxHash128 hash, string text)
    {
        Write(hash, text.Length);
        hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
    }

    private static bool Matches(string? header, string etag) =>
        header is { Length: > 0 } && header.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}
