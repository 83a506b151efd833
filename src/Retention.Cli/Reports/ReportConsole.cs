using Spectre.Console;
using Spectre.Console.Rendering;

namespace Retention.Cli.Reports;

/// <summary>
/// Shows a report to people: Spectre.Console tables and a progress display when standard output is an interactive
/// terminal, plain aligned text otherwise (redirected output, CI logs, tests), so logs stay readable and greppable.
/// </summary>
internal abstract class ReportConsole
{
    /// <summary>Returns the console for <paramref name="output"/>: Spectre only for the real, unredirected terminal.</summary>
    internal static ReportConsole For(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("RETENTION_PLAIN") != "1"
            ? new Rich(output)
            : new Plain(output);

    /// <summary>Runs named steps in order, with a progress display when interactive.</summary>
    internal abstract void RunSteps(IReadOnlyList<(string Description, Action Work)> steps);

    internal abstract void Render(Report report);

    /// <summary>Plain text: facts as label/value rows, tables as aligned columns under a header.</summary>
    internal sealed class Plain(TextWriter output) : ReportConsole
    {
        internal override void RunSteps(IReadOnlyList<(string Description, Action Work)> steps)
        {
            // RETENTION_TIMINGS=1 prints each step's time on standard error (for measuring; never in normal output).
            var timings = Environment.GetEnvironmentVariable("RETENTION_TIMINGS") == "1";
            foreach (var (description, work) in steps)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var cpu = timings ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime : TimeSpan.Zero;
                work();
                if (timings)
                {
                    var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    Console.Error.WriteLine(FormattableString.Invariant($"{description}: {clock.Elapsed.TotalSeconds:F2} s ({used.TotalSeconds:F2} s CPU)"));
                }
            }
        }

        internal override void Render(Report report)
        {
            output.WriteLine(report.Title);
            foreach (var section in report.Sections)
            {
                output.WriteLine();
                output.WriteLine(section.Title);
                switch (section)
                {
                    case ReportFacts facts:
                        var width = Math.Max(28, facts.Items.Select(i => i.Label.Length).DefaultIfEmpty(0).Max() + 2);
                        foreach (var (_, label, value, display) in facts.Items)
                        {
                            output.WriteLine("  " + label.PadRight(width) + ReportFormat.ForPeople(value, display).PadLeft(18));
                        }

                        break;
                    case ReportTable table:
                        WriteTable(table);
                        break;
                }

                if (section.Note is { } note)
                {
                    output.WriteLine("  " + note);
                }
            }
        }

        private void WriteTable(ReportTable table)
        {
            var columns = table.Columns.Take(table.ConsoleColumns).ToArray();
            var rows = table.Rows.Take(table.ConsoleRows)
                .Select(r => columns.Select((c, k) => r[k] is null ? string.Empty : ReportFormat.ForPeople(r[k], c.Display)).ToArray())
                .ToArray();
            var widths = columns.Select((c, k) => Math.Max(c.Header.Length, rows.Length == 0 ? 0 : rows.Max(r => r[k].Length))).ToArray();
            string Line(IReadOnlyList<string> cells) => "  " + string.Join("  ", cells.Select((cell, k) =>
                table.Columns[k].RightAligned ? cell.PadLeft(widths[k]) : cell.PadRight(widths[k]))).TrimEnd();
            output.WriteLine(Line(columns.Select(c => c.Header).ToArray()));
            foreach (var row in rows)
            {
                output.WriteLine(Line(row));
            }

            if (table.Rows.Count > rows.Length)
            {
                output.WriteLine($"  ... {table.Rows.Count - rows.Length:N0} more rows in the report folder");
            }
        }
    }

    /// <summary>Spectre.Console: rounded tables with titles, and a progress display for the steps.</summary>
    internal sealed class Rich(TextWriter output) : ReportConsole
    {
        private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });

        internal override void RunSteps(IReadOnlyList<(string Description, Action Work)> steps)
        {
            _console.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var tasks = steps.Select(s => context.AddTask(Markup.Escape(s.Description), autoStart: false, maxValue: 1)).ToArray();
                    for (var i = 0; i < steps.Count; i++)
                    {
                        tasks[i].StartTask();
                        tasks[i].IsIndeterminate = true;
                        steps[i].Work();
                        tasks[i].IsIndeterminate = false;
                        tasks[i].Increment(1);
                        tasks[i].StopTask();
                    }
                });
        }

        internal override void Render(Report report)
        {
            _console.Write(new Rule(Markup.Escape(report.Title)).LeftJustified());
            foreach (var section in report.Sections)
            {
                var table = new Table().RoundedBorder().Title("[bold]" + Markup.Escape(section.Title) + "[/]");
                switch (section)
                {
                    case ReportFacts facts:
                        table.HideHeaders();
                        table.AddColumn(new TableColumn(string.Empty));
                        table.AddColumn(new TableColumn(string.Empty).RightAligned());
                        foreach (var (_, label, value, display) in facts.Items)
                        {
                            table.AddRow(new Text(label), new Text(ReportFormat.ForPeople(value, display)));
                        }

                        break;
                    case ReportTable rows:
                        var columns = rows.Columns.Take(rows.ConsoleColumns).ToArray();
                        var cells = rows.Rows.Take(rows.ConsoleRows)
                            .Select(row => columns.Select((c, k) => row[k] is null ? string.Empty : ReportFormat.ForPeople(row[k], c.Display)).ToArray())
                            .ToArray();
                        if (rows.ConsoleColumns != int.MaxValue)
                        {
                            // A table whose trailing columns may be left out (the cohorts): keep as many as fit the terminal.
                            int Width(int k) => Math.Max(columns[k].Header.Length, cells.Length == 0 ? 0 : cells.Max(c => c[k].Length)) + 3;
                            var fit = columns.Length;
                            while (fit > 3 && Enumerable.Range(0, fit).Sum(Width) + 1 > _console.Profile.Width)
                            {
                                fit--;
                            }

                            columns = columns[..fit];
                            cells = [.. cells.Select(c => c[..fit])];
                        }
                        for (var k = 0; k < columns.Length; k++)
                        {
                            var tableColumn = new TableColumn(new Text(columns[k].Header, new Style(decoration: Decoration.Bold)));
                            if (cells.Length == 0 || cells.Max(c => c[k].Length) <= 14)
                            {
                                tableColumn.NoWrap(); // numbers and dates stay whole; long text wraps
                            }

                            table.AddColumn(columns[k].RightAligned ? tableColumn.RightAligned() : tableColumn);
                        }

                        foreach (var row in cells)
                        {
                            table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
                        }

                        if (rows.Rows.Count > rows.ConsoleRows)
                        {
                            table.Caption($"[dim]{rows.Rows.Count - rows.ConsoleRows:N0} more rows in the report folder[/]");
                        }

                        break;
                }

                _console.WriteLine();
                _console.Write(table);
                if (section.Note is { } note)
                {
                    _console.MarkupLine("  [dim]" + Markup.Escape(note) + "[/]");
                }
            }
        }
    }
}
