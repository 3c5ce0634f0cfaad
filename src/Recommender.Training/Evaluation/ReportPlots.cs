// ScottPlot 5 figures for the evaluation report: per-head AUC bars and calibration curves.
using ScottPlot;
using Recommender.Training.Data;

namespace Recommender.Training.Evaluation;

public static class ReportPlots
{
    public static void AucBars(IReadOnlyList<ModelResult> results, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groupWidth = results.Count + 1;
        for (var m = 0; m < results.Count; m++)
        {
            var bars = results[m].Heads.Select((h, i) => new Bar
            {
                Position = i * groupWidth + m,
                Value = double.IsNaN(h.Auc) ? 0 : h.Auc,
                FillColor = palette.GetColor(m),
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = results[m].Model, FillColor = palette.GetColor(m) });
        }
        var ticks = LogEvent.Kinds.Select((k, i) => new Tick(i * groupWidth + (results.Count - 1) / 2.0, k)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimitsY(0.4, 1.0);
        plot.Title("AUC per head (temporal split)");
        plot.YLabel("AUC");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1000, 560);
    }

    public static void CalibrationCurves(IReadOnlyList<ModelResult> results, string head, string path)
    {
        var plot = new Plot();
        var top = results.SelectMany(r => r.Heads.Where(h => h.Head == head).SelectMany(h => h.Curve.Select(c => Math.Max(c.Predicted, c.Observed)))).DefaultIfEmpty(1).Max();
        var diagonal = plot.Add.Line(0, 0, top, top);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect";
        foreach (var result in results)
        {
            var curve = result.Heads.Single(h => h.Head == head).Curve;
            var scatter = plot.Add.Scatter(curve.Select(c => c.Predicted).ToArray(), curve.Select(c => c.Observed).ToArray());
            scatter.LegendText = result.Model;
        }
        plot.Title($"Calibration: {head} (10 equal-count bins)");
        plot.XLabel("mean predicted probability");
        plot.YLabel("observed rate");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 800, 600);
    }
}
