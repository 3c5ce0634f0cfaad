// Joins impressions with their feedback and writes a training CSV: the PairFeatures
// columns, then one 0/1 label column per feedback kind. No timestamp column.
using System.Globalization;
using Recommender.Ranking.Features;

namespace Recommender.Training.Data;

public static class LogsToCsv
{
    /// <summary>Labels an impression with every feedback on the same (user, paper) pair
    /// that arrives at or after it and before the next impression of that pair.</summary>
    public static List<LabeledImpression> Join(IEnumerable<LogEvent> events)
    {
        var result = new List<LabeledImpression>();
        var open = new Dictionary<(string, string), LabeledImpression>();
        foreach (var e in events.OrderBy(e => e.Ts).ThenBy(e => e.Type == LogEvent.Impression ? 0 : 1))
        {
            var key = (e.UserId, e.PaperId);
            if (e.Type == LogEvent.Impression)
            {
                var features = new float[PairFeatures.Count];
                for (var i = 0; i < features.Length; i++)
                {
                    features[i] = e.Features is { } f && f.TryGetValue(PairFeatures.Names[i], out var v) ? v : 0f;
                }
                var labeled = new LabeledImpression(e.UserId, e.PaperId, e.Ts, features, new bool[LogEvent.Kinds.Count]);
                open[key] = labeled;
                result.Add(labeled);
            }
            else if (e.Type == LogEvent.Feedback && open.TryGetValue(key, out var target))
            {
                var kind = LogEvent.Kinds.ToList().IndexOf(e.Kind ?? "");
                if (kind >= 0)
                {
                    target.Labels[kind] = true;
                }
            }
        }
        return result;
    }

    public static string Header => string.Join(',', PairFeatures.Names.Concat(LogEvent.Kinds));

    public static void Write(TextWriter writer, IEnumerable<LabeledImpression> rows)
    {
        writer.WriteLine(Header);
        foreach (var row in rows)
        {
            var cells = row.Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture))
                .Concat(row.Labels.Select(l => l ? "1" : "0"));
            writer.WriteLine(string.Join(',', cells));
        }
    }

    /// <summary>Reads logs from <paramref name="logsPath"/> and writes the CSV; returns the row count.</summary>
    public static int Convert(string logsPath, string csvPath)
    {
        var rows = Join(EventLog.ReadFile(logsPath));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(csvPath))!);
        using var writer = new StreamWriter(csvPath);
        Write(writer, rows);
        return rows.Count;
    }
}
