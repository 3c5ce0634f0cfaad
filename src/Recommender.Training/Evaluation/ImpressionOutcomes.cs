// The join of feedback to impressions that `report ab` and `report explore` count by: an impression
// gets each kind of feedback the same user gave on the same paper at or after it and before the
// pair's next impression (as `logs to-csv` labels rows); feedback with no impression before it is
// left out.
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

public static class ImpressionOutcomes
{
    /// <summary>Every impression of <paramref name="events"/> with the feedback kinds joined to it, pair by pair.</summary>
    public static IEnumerable<(LogEvent Impression, IReadOnlySet<string> Kinds)> Join(IEnumerable<LogEvent> events)
    {
        var byPair = new Dictionary<(string User, string Paper), List<LogEvent>>();
        foreach (var e in events)
        {
            if (e.Type is LogEvent.Impression or LogEvent.Feedback)
            {
                var key = (e.UserId, e.PaperId);
                if (!byPair.TryGetValue(key, out var list))
                {
                    byPair[key] = list = [];
                }
                list.Add(e);
            }
        }
        foreach (var pair in byPair.Values)
        {
            // Impressions first at equal times: feedback "at" an impression belongs to it.
            LogEvent? current = null;
            var kinds = new HashSet<string>();
            foreach (var e in pair.OrderBy(e => e.Ts).ThenBy(e => e.Type == LogEvent.Impression ? 0 : 1))
            {
                if (e.Type == LogEvent.Impression)
                {
                    if (current is not null)
                    {
                        yield return (current, kinds);
                    }
                    current = e;
                    kinds = [];
                }
                else if (current is not null && e.Kind is { } kind)
                {
                    kinds.Add(kind);
                }
            }
            if (current is not null)
            {
                yield return (current, kinds);
            }
        }
    }
}
