// Writes a health report as a small JSON document for people and scripts reading the probe pages.
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Server.Health;

public static class HealthReportJson
{
    /// <summary>{"status":"Unhealthy","checks":{"redis":{"status":"Unhealthy","description":"..."}}}; the HTTP status (200/503) is set by the caller.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync();
    }
}
