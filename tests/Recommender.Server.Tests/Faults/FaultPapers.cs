// Papers and topics in a vocabulary of made-up words, one per scenario, so that no scenario's papers route
// to another scenario's topics (the brute-force check of the kill scenario counts every paper of its topics).
using Recommender.Api.V1;

namespace Recommender.Server.Tests.Faults;

public sealed class FaultPapers(string scenario)
{
    private static readonly string[] Syllables = ["zor", "quix", "vel", "brun", "tash", "mip", "drol", "fex", "kav", "lum", "snep", "yurt"];

    private readonly string[] words = Enumerable.Range(0, 8)
        .Select(i => $"{scenario}{Syllables[i % Syllables.Length]}{Syllables[(i * 5 + scenario.Length) % Syllables.Length]}")
        .ToArray();

    private int next;

    /// <summary>Named in its made-up words too: a real word in the name ("fault") would draw real papers to it.</summary>
    public Topic Topic => new() { Id = $"fault-{scenario}", Name = $"{words[0]} {words[1]}", Keywords = { words } };

    /// <summary>New papers, each with an id and title of its own, written in the scenario's words.</summary>
    public IReadOnlyList<Paper> Next(int count)
    {
        var start = Interlocked.Add(ref next, count) - count;
        return Enumerable.Range(start, count).Select(i =>
        {
            var random = new Random(i);
            var paper = new Paper
            {
                Id = $"fault-{scenario}-{i}",
                Title = $"{words[i % 8]} {words[(i / 8) % 8]} {Spell(i)} number {i}",
                Abstract = string.Join(' ', Enumerable.Range(0, 40).Select(_ => words[random.Next(words.Length)])),
                PublishedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            };
            paper.Authors.Add("A. Tester");
            return paper;
        }).ToArray();
    }

    /// <summary>The index in letters, so that normalized titles differ even if digits were dropped.</summary>
    private static string Spell(int i) => string.Concat(i.ToString().Select(d => (char)('a' + d - '0'))) + "x";
}
