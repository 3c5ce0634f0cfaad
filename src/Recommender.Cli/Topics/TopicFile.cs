// Reads a file of curated topics, JSON or YAML: a list of {id, name, keywords, seed_papers}
// (or an object with such a list under `topics`), checked before anything is sent.
using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Cli.Commands;
using Recommender.Ranking.Clustering;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Recommender.Cli.Topics;

public sealed record TopicSpec(string Id, string Name, IReadOnlyList<string> Keywords, IReadOnlyList<string> SeedPapers);

public sealed record TopicFileResult(IReadOnlyList<TopicSpec> Topics, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}

public static class TopicFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static TopicFileResult Parse(string content, string? fileName = null)
    {
        List<TopicEntry>? entries;
        try
        {
            entries = IsJson(content, fileName) ? ParseJson(content) : ParseYaml(content);
        }
        catch (JsonException e)
        {
            return new([], [$"line {e.LineNumber + 1}: {e.Message}"]);
        }
        catch (YamlException e)
        {
            return new([], [$"line {e.Start.Line}: {(e.InnerException ?? e).Message}"]);
        }
        return Validate(entries ?? []);
    }

    private static bool IsJson(string content, string? fileName) =>
        fileName is not null && fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || content.TrimStart() is ['[' or '{', ..];

    private static List<TopicEntry>? ParseJson(string content) =>
        content.TrimStart().StartsWith('[')
            ? JsonSerializer.Deserialize<List<TopicEntry>>(content, Json)
            : JsonSerializer.Deserialize<TopicList>(content, Json)?.Topics;

    // A YAML document is either a sequence of topics or a mapping with a `topics` sequence.
    private static List<TopicEntry>? ParseYaml(string content) =>
        content.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#') && l != "---") is { } first && first.StartsWith('-')
            ? Yaml.Deserialize<List<TopicEntry>>(content)
            : Yaml.Deserialize<TopicList?>(content)?.Topics;

    private static TopicFileResult Validate(List<TopicEntry> entries)
    {
        var topics = new List<TopicSpec>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (entries.Count == 0)
        {
            errors.Add("the file lists no topics");
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = entry.Name?.Trim() ?? "";
            var id = string.IsNullOrWhiteSpace(entry.Id) ? ClusterLabeler.Slugify(name) : entry.Id.Trim();
            var where = $"topic {i + 1}";
            if (name.Length == 0 && id.Length == 0)
            {
                errors.Add($"{where}: needs an id or a name");
                continue;
            }
            if (!Validation.IsTopicId(id))
            {
                errors.Add($"{where}: id '{id}' must be lower-case letters, digits and '-', 1 to 64 characters");
                continue;
            }
            if (!seen.Add(id))
            {
                errors.Add($"{where}: id '{id}' appears twice");
                continue;
            }
            var keywords = Clean(entry.Keywords);
            if (keywords.Count == 0 && Clean(entry.SeedPapers).Count == 0)
            {
                errors.Add($"{where} ({id}): needs keywords or seed_papers to route papers to it");
                continue;
            }
            topics.Add(new TopicSpec(id, name.Length > 0 ? name : id, keywords, Clean(entry.SeedPapers)));
        }
        return new TopicFileResult(topics, errors);
    }

    private static List<string> Clean(List<string>? values) =>
        values?.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList() ?? [];

    // Mutable shapes for the deserializers only; TopicSpec is what the rest of the tool sees.
    public sealed class TopicEntry
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public List<string>? Keywords { get; set; }
        public List<string>? SeedPapers { get; set; }
    }

    public sealed class TopicList
    {
        public List<TopicEntry>? Topics { get; set; }
    }
}
