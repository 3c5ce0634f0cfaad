// The scale benchmark's synthetic world: topics with words of their own, users following a few
// of them, and papers written in one topic's words, so each paper routes to its topic alone.
using Google.Protobuf.WellKnownTypes;
using Recommender.Api.V1;

namespace Recommender.Cli.Bench;

public sealed class ScaleWorkload(int users, int topics, int follows)
{
    private const int WordsPerTopic = 8;

    public int Users => users;
    public int Topics => topics;

    public static string UserId(int user) => $"scale-u{user}";
    public static string TopicId(int topic) => $"scale-t{topic}";

    /// <summary>The topics user <paramref name="user"/> follows: distinct, spread evenly over all topics.</summary>
    public IEnumerable<int> FollowsOf(int user) =>
        Enumerable.Range(0, follows).Select(k => (int)(((long)user * 7 + (long)k * (topics / follows + 1)) % topics)).Distinct();

    public Topic Topic(int topic) => Define(TopicId(topic), topic);

    /// <summary>Paper <paramref name="index"/> of a run: written in the words of topic <paramref name="topic"/> (a word-space index).</summary>
    public static Paper Paper(string run, int index, int wordSpace)
    {
        var words = Words(wordSpace);
        var random = new Random(index);
        var picked = Enumerable.Range(0, 24).Select(_ => words[random.Next(words.Length)]).ToArray();
        return new Paper
        {
            Id = $"scale-{run}-{index}",
            Title = $"{string.Join(' ', picked.Take(5))} {run} {index}",
            Abstract = string.Join(' ', picked),
            Authors = { $"Author {index % 97}", $"Author {index % 89}" },
            PublishedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-1)),
            Upvotes = index % 23,
        };
    }

    private static Topic Define(string id, int wordSpace) => new() { Id = id, Name = id, Keywords = { Words(wordSpace) } };

    /// <summary>Made-up words unique to one word space (letters only, so the tokenizer keeps them whole).</summary>
    private static string[] Words(int wordSpace) =>
        Enumerable.Range(0, WordsPerTopic).Select(j => Letters(wordSpace * WordsPerTopic + j)).ToArray();

    private static string Letters(int n)
    {
        var chars = new List<char> { 'q' };
        do
        {
            chars.Add((char)('a' + n % 26));
            n /= 26;
        }
        while (n > 0);
        return new string(chars.ToArray()) + "x";
    }
}
