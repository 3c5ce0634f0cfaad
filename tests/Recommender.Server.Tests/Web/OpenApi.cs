// The OpenAPI document as a plain client sees it: requests are built only from the paths and
// methods it lists (a route missing from the document fails the test that needs it).
using System.Net.Http.Json;
using System.Text.Json;

namespace Recommender.Server.Tests.Web;

public sealed class OpenApi(JsonElement document)
{
    public static async Task<OpenApi> LoadAsync(HttpClient http)
    {
        var json = await http.GetStringAsync("swagger/v1/swagger.json");
        var document = JsonDocument.Parse(json).RootElement;
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        return new OpenApi(document);
    }

    /// <summary>A request for the documented <paramref name="path"/> and <paramref name="method"/>, with its path parameters filled in.</summary>
    public HttpRequestMessage Request(string method, string path, Dictionary<string, string> parameters, object? body = null)
    {
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var operations), $"{path} is not in the OpenAPI document");
        Assert.True(operations.TryGetProperty(method, out _), $"{method} {path} is not in the OpenAPI document");
        var url = parameters.Aggregate(path, (current, p) => current.Replace("{" + p.Key + "}", Uri.EscapeDataString(p.Value)));
        Assert.DoesNotContain("{", url);
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }
}
