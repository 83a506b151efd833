using System.Globalization;

namespace Retention.Cli.Reports;

/// <summary>How a value is shown to people; files always get the exact value.</summary>
internal enum Display
{
    /// <summary>Text as it is.</summary>
    Text,

    /// <summary>A whole number with thousands separators.</summary>
    Count,

    /// <summary>An amount with two decimals and thousands separators.</summary>
    Amount,

    /// <summary>A share from 0 to 1, shown as a percentage with one decimal.</summary>
    Share,

    /// <summary>A percentage from 0 to 100 (as the metrics command gives rates), shown with two decimals and " %".</summary>
    Percent,

    /// <summary>A number with two decimals.</summary>
    Decimal2,

    /// <summary>A number with four significant digits.</summary>
    Number,

    /// <summary>Churn signal names joined by '+' (files), shown as short words joined by ", ".</summary>
    Signals,
}

/// <summary>A column of a report table: its stable snake_case name (CSV header, JSON field) and its header for people.</summary>
internal sealed record ReportColumn(string Name, string Header, Display Display = Display.Text)
{
    internal bool RightAligned => Display is not (Display.Text or Display.Signals);
}

/// <summary>A section of a report: a titled table or a list of named facts, written to the report folder as CSV and JSON.</summary>
internal abstract class ReportSection(string name, string title)
{
    /// <summary>Gets the stable snake_case name: the file stem and the JSON field.</summary>
    internal string Name { get; } = name;

    /// <summary>Gets the title shown to people.</summary>
    internal string Title { get; } = title;

    /// <summary>Gets or sets a line shown under the section (a note, a warning), or <see langword="null"/>.</summary>
    internal string? Note { get; set; }
}

/// <summary>Named values: one row per fact in CSV (<c>name,value</c>), one JSON object.</summary>
internal sealed class ReportFacts(string name, string title) : ReportSection(name, title)
{
    internal List<(string Name, string Label, object? Value, Display Display)> Items { get; } = [];

    internal ReportFacts Add(string factName, string label, object? value, Display display = Display.Count)
    {
        Items.Add((factName, label, value, display));
        return this;
    }

    internal object? this[string factName] => Items.First(i => i.Name == factName).Value;
}

/// <summary>A table: one CSV row and one JSON object per row.</summary>
internal sealed class ReportTable(string name, string title, params ReportColumn[] columns) : ReportSection(name, title)
{
    internal IReadOnlyList<ReportColumn> Columns { get; } = columns;

    internal List<object?[]> Rows { get; } = [];

    /// <summary>Gets or sets how many rows the console shows (files get all of them).</summary>
    internal int ConsoleRows { get; set; } = int.MaxValue;

    /// <summary>Gets or sets how many columns the console shows (files get all of them).</summary>
    internal int ConsoleColumns { get; set; } = int.MaxValue;

    internal ReportTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count)
        {
            throw new InvalidOperationException($"table {Name}: {values.Length} values for {Columns.Count} columns.");
        }

        Rows.Add(values);
        return this;
    }
}

/// <summary>A chart written as a PNG into the report folder.</summary>
internal sealed record ReportChart(string FileName, string Title, byte[] Png);

/// <summary>A whole report: sections in the order they are shown, and charts.</summary>
internal sealed class Report(string title)
{
    internal string Title { get; } = title;

    internal List<ReportSection> Sections { get; } = [];

    internal List<ReportChart> Charts { get; } = [];

    /// <summary>Gets warnings for standard error (a fit that did not converge, skipped rows).</summary>
    internal List<string> Warnings { get; } = [];

    internal T Add<T>(T section)
        where T : ReportSection
    {
        Sections.Add(section);
        return section;
    }

    internal T? Find<T>(string name)
        where T : ReportSection => Sections.OfType<T>().FirstOrDefault(s => s.Name == name);
}

/// <summary>Formats report values for people and for files.</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The exact value for CSV: invariant, shortest round-trip for doubles, ISO dates, empty for null.</summary>
    internal static string ForFile(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => double.IsFinite(d) ? d.ToString("R", Inv) : string.Empty,
        NodaTime.LocalDate date => date.ToString("uuuu-MM-dd", Inv),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, Inv),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The value for people.</summary>
    internal static string ForPeople(object? value, Display display) => value switch
    {
        null => "n/a",
        double d when !double.IsFinite(d) => "n/a",
        string s when display == Display.Signals => s
            .Replace("low_probability_alive", "low P(alive)", StringComparison.Ordinal)
            .Replace("no_purchase_in_window", "no recent purchase", StringComparison.Ordinal)
            .Replace("overdue_for_rhythm", "overdue", StringComparison.Ordinal)
            .Replace("+", ", ", StringComparison.Ordinal),
        string s => s,
        NodaTime.LocalDate date => date.ToString("uuuu-MM-dd", Inv),
        bool b => b ? "yes" : "no",
        _ => display switch
        {
            Display.Count => Convert.ToDecimal(value, Inv).ToString("N0", Inv),
            Display.Amount => Convert.ToDecimal(value, Inv).ToString("N2", Inv),
            Display.Share => Convert.ToDouble(value, Inv).ToString("P1", Inv),
            Display.Percent => Convert.ToDouble(value, Inv).ToString("N2", Inv) + " %",
            Display.Decimal2 => Convert.ToDouble(value, Inv).ToString("N2", Inv),
            Display.Number => Convert.ToDouble(value, Inv).ToString("G4", Inv),
            _ => ForFile(value),
        },
    };
}
