// ETags of feed pages: a hash of what the answer says, so any change a client could see (an item,
// a score, a reason, the next token) changes it; "if-none-match" (gRPC metadata or the REST
// header, which transcoding passes on as metadata) turns an unchanged answer into not_modified.
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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
    /// (the catalogue never changes a paper once stored). Hashing these few bytes instead of the
    /// serialized answer saves serializing every page twice.
    /// </summary>
    public static string Of(V1.GetFeedResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer, response.Total);
        Write(buffer, response.RankerVersion);
        Write(buffer, response.NextPageToken);
        foreach (var item in response.Items)
        {
            Write(buffer, item.Paper?.Id ?? "");
            Write(buffer, item.Rank);
            Write(buffer, BitConverter.DoubleToInt64Bits(item.Score));
            Write(buffer, item.RankerVersion);
            Write(buffer, (long)item.Source);
            Write(buffer, item.Exploratory ? 1 : 0);
            Write(buffer, BitConverter.DoubleToInt64Bits(item.Propensity));
            Write(buffer, item.TaskScores.Count);
            foreach (var (task, score) in item.TaskScores)
            {
                Write(buffer, task);
                Write(buffer, BitConverter.SingleToInt32Bits(score));
            }
            Write(buffer, item.Reasons.Count);
            foreach (var reason in item.Reasons)
            {
                Write(buffer, reason);
            }
        }
        var hash = SHA256.HashData(buffer.WrittenSpan);
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 12)) + "\"";
    }

    private static void Write(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    /// <summary>Length first, so that ("ab", "c") and ("a", "bc") differ.</summary>
    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        Write(buffer, text.Length);
        buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
    }

    private static bool Matches(string? header, string etag) =>
        header is { Length: > 0 } && header.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);
}
