using ScottPlot;

namespace EvoPo.Coordinator.Objectives;

/// <summary>
/// A gradient landscape as one PNG: heat maps of ∂L/∂ℓ_w (left) and ∂L/∂ℓ_l (right), each with its colour bar, on a
/// diverging scale symmetric about 0 (blue: the loss falls as that log-prob rises, i.e. training pushes it up; red: down).
/// Points the policy cannot produce are left blank.
/// </summary>
public static class LandscapePlot
{
    public const int DefaultWidth = 1200;
    public const int DefaultHeight = 520;

    public static void WritePng(string path, string title, GradientLandscape landscape, double[,] chosen, double[,] rejected,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        var multiplot = Build(title, landscape, chosen, rejected);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Through a temporary file and a rename: an interrupted or failed drawing never leaves half an image.
        var temporary = path + ".tmp.png";
        multiplot.SavePng(temporary, width, height);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The same picture as <see cref="WritePng"/>, as PNG bytes in memory (the dashboard serves it).</summary>
    public static byte[] PngBytes(string title, GradientLandscape landscape, double[,] chosen, double[,] rejected,
        int width = DefaultWidth, int height = DefaultHeight) =>
        Build(title, landscape, chosen, rejected).Render(width, height).GetImageBytes(ImageFormat.Png);

    private static Multiplot Build(string title, GradientLandscape landscape, double[,] chosen, double[,] rejected)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var (xs, ys) = (landscape.Xs, landscape.Ys);
        foreach (var (plot, values, what) in new[] { (multiplot.GetPlot(0), chosen, "∂L/∂logp_w"), (multiplot.GetPlot(1), rejected, "∂L/∂logp_l") })
        {
            var rows = values.GetLength(0);
            var cols = values.GetLength(1);
            // ScottPlot draws row 0 at the top; the landscape's row 0 is the lowest y.
            var top = new double[rows, cols];
            var extreme = 0.0;
            for (var j = 0; j < rows; j++)
                for (var i = 0; i < cols; i++)
                {
                    top[rows - 1 - j, i] = values[j, i];
                    if (double.IsFinite(values[j, i])) extreme = Math.Max(extreme, Math.Abs(values[j, i]));
                }
            if (extreme == 0) extreme = 1;
            var heatmap = plot.Add.Heatmap(top);
            heatmap.Colormap = new ScottPlot.Colormaps.Balance();
            heatmap.ManualRange = new ScottPlot.Range(-extreme, extreme);
            heatmap.NaNCellColor = Colors.Transparent;
            var (dx, dy) = ((xs[^1] - xs[0]) / (xs.Length - 1) / 2, (ys[^1] - ys[0]) / (ys.Length - 1) / 2);
            heatmap.Extent = new CoordinateRect(xs[0] - dx, xs[^1] + dx, ys[0] - dy, ys[^1] + dy);
            plot.Add.ColorBar(heatmap);
            plot.Title($"{title}: {what}", size: 14);
            plot.XLabel(landscape.XLabel, size: 12);
            plot.YLabel(landscape.YLabel, size: 12);
            plot.Axes.Margins(0, 0);
        }
        return multiplot;
    }
}
