using EvoPo.Coordinator.Search;
using EvoPo.Messages.Search;
using ScottPlot;

namespace EvoPo.Coordinator.Runs;

/// <summary>The report's charts of a search, as PNG bytes: the fitness curve and the time spent per generation.</summary>
public static class ReportPlots
{
    public const int Width = 900;
    public const int Height = 480;

    /// <summary>
    /// Population fitness per generation: the band from the worst to the best candidate, the population mean, and, as
    /// dashed lines, the mean return of each method trained for the report (where those exist yet).
    /// </summary>
    public static byte[] FitnessCurve(IReadOnlyList<GenerationCompleted> history, IReadOnlyList<(string Method, double MeanReturn)> methods)
    {
        var plot = new Plot();
        var rows = history.Where(g => double.IsFinite(g.MeanFitness) && double.IsFinite(g.MinFitness) && double.IsFinite(g.MaxFitness)).ToArray();
        var xs = rows.Select(g => (double)g.Generation).ToArray();
        if (rows.Length > 0)
        {
            var band = plot.Add.FillY(xs, rows.Select(g => g.MinFitness).ToArray(), rows.Select(g => g.MaxFitness).ToArray());
            band.FillColor = Colors.SteelBlue.WithAlpha(0.25);
            band.LegendText = "min to max over candidates";
            var mean = plot.Add.Scatter(xs, rows.Select(g => g.MeanFitness).ToArray());
            mean.Color = Colors.SteelBlue;
            mean.LineWidth = 2;
            mean.LegendText = "population mean";
        }
        var palette = new ScottPlot.Palettes.Category10();
        var i = 1;
        foreach (var (method, value) in methods.Where(m => double.IsFinite(m.MeanReturn)))
        {
            var line = plot.Add.HorizontalLine(value);
            line.Color = palette.GetColor(i++);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.LegendText = $"{method} (report)";
        }
        plot.Title("Fitness per generation (mean true return; higher is better)", size: 14);
        plot.XLabel("generation");
        plot.YLabel("return");
        IntegerGenerations(plot);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// Per generation: worker seconds training and evaluating the candidates (stacked; summed over units, so with n
    /// worker slots busy they add up to about n × wall), and the generation's wall time as a line.
    /// Generations whose units this state did not see show their total compute as one grey bar.
    /// </summary>
    public static byte[] TimeBreakdown(IReadOnlyList<GenerationCompleted> history, IReadOnlyDictionary<int, GenerationTiming> timings)
    {
        var plot = new Plot();
        var (train, eval, unknown) = (Colors.SteelBlue, Colors.Orange, Colors.Gray);
        var bars = new List<Bar>();
        foreach (var g in history)
        {
            if (timings.TryGetValue(g.Generation, out var t))
            {
                bars.Add(new Bar { Position = g.Generation, ValueBase = 0, Value = t.TrainSeconds, FillColor = train });
                bars.Add(new Bar { Position = g.Generation, ValueBase = t.TrainSeconds, Value = t.TrainSeconds + t.EvalSeconds, FillColor = eval });
            }
            else
            {
                bars.Add(new Bar { Position = g.Generation, ValueBase = 0, Value = g.ComputeSeconds, FillColor = unknown });
            }
        }
        plot.Add.Bars(bars);
        var wall = plot.Add.Scatter(history.Select(g => (double)g.Generation).ToArray(), history.Select(g => g.WallSeconds).ToArray());
        wall.Color = Colors.Black;
        wall.LineWidth = 2;
        wall.MarkerSize = 6;
        wall.LegendText = "wall time of the generation";
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "train (worker s)", FillColor = train });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "evaluate (worker s)", FillColor = eval });
        if (history.Any(g => !timings.ContainsKey(g.Generation)))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "compute, split not known", FillColor = unknown });
        plot.Title("Time per generation", size: 14);
        plot.XLabel("generation");
        plot.YLabel("seconds");
        plot.Axes.Margins(bottom: 0);
        IntegerGenerations(plot);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void IntegerGenerations(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
}
