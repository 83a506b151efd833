using ScottPlot;

namespace Retention.Cli.Reports;

/// <summary>The report's charts, drawn with ScottPlot into PNG bytes.</summary>
internal static class Charts
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Horizontal bars, one per label, largest first as given.</summary>
    internal static byte[] Bars(string title, string valueLabel, IReadOnlyList<string> labels, IReadOnlyList<double> values)
    {
        var plot = new Plot();
        var n = labels.Count;
        var bars = Enumerable.Range(0, n).Select(i => new Bar
        {
            Position = n - 1 - i,
            Value = values[i],
            FillColor = Colors.SteelBlue,
            Orientation = Orientation.Horizontal,
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), [.. labels]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        plot.Title(title);
        plot.XLabel(valueLabel);
        return Png(plot);
    }

    /// <summary>A heatmap of shares (rows top to bottom), NaN cells left blank.</summary>
    internal static byte[] Heatmap(string title, string xLabel, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, double[,] shares)
    {
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.White;
        plot.Add.ColorBar(heatmap);
        var rows = rowLabels.Count;
        var step = Math.Max(1, rows / 24);
        var positions = Enumerable.Range(0, rows).Where(i => i % step == 0).ToArray();
        plot.Axes.Left.SetTicks(positions.Select(i => (double)(rows - 1 - i)).ToArray(), positions.Select(i => rowLabels[i]).ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columnLabels.Count).Select(k => (double)k).ToArray(), [.. columnLabels]);
        plot.Title(title);
        plot.XLabel(xLabel);
        return Png(plot);
    }

    /// <summary>A histogram of values in equal-width bins from 0 to the given upper edge (values above go in the last bin).</summary>
    internal static byte[] Histogram(string title, string xLabel, IReadOnlyList<double> values, double upper, int bins = 40)
    {
        var plot = new Plot();
        var width = upper / bins;
        var counts = new double[bins];
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                counts[Math.Clamp((int)(v / width), 0, bins - 1)]++;
            }
        }

        var bars = counts.Select((c, i) => new Bar
        {
            Position = (i + 0.5) * width,
            Value = c,
            Size = width * 0.95,
            FillColor = Colors.SteelBlue,
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("customers");
        return Png(plot);
    }

    /// <summary>Lines of actual and predicted values over categories (calibration versus holdout purchases).</summary>
    internal static byte[] Lines(string title, string xLabel, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray();
        foreach (var (name, values) in series)
        {
            var line = plot.Add.Scatter(xs, values);
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        plot.Axes.Bottom.SetTicks(xs, [.. categories]);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return Png(plot);
    }

    private static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
