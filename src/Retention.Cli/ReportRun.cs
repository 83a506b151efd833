using Retention.Cli.Reports;

namespace Retention.Cli;

/// <summary>The shared tail of <c>demo</c> and <c>analyze</c>: run the analysis, write the report folder, show or print JSON.</summary>
internal static class ReportRun
{
    /// <summary>The default report folder, relative to the working directory.</summary>
    internal const string DefaultFolder = "retention-report";

    internal static int Execute(string command, AnalysisInput input, string folder, bool json, TextWriter output, TextWriter error, IReadOnlyList<string>? warnings = null) =>
        Execute(command, null, () => input, folder, json, output, error, warnings);

    /// <summary>Builds the input (as a first step with a progress display, when <paramref name="prepare"/> names it),
    /// runs the analysis, writes the folder and shows the report or prints its JSON.</summary>
    internal static int Execute(string command, string? prepare, Func<AnalysisInput> build, string folder, bool json, TextWriter output, TextWriter error, IReadOnlyList<string>? warnings = null)
    {
        var console = json ? new ReportConsole.Plain(TextWriter.Null) : ReportConsole.For(output);
        AnalysisInput? built = null;
        if (prepare is null)
        {
            built = build();
        }
        else
        {
            console.RunSteps([(prepare, () => built = build())]);
        }

        var input = built!;
        var (report, customers) = Analysis.Run(input, console, charts: true);
        if (warnings is not null)
        {
            report.Warnings.InsertRange(0, warnings);
        }

        var path = Path.GetFullPath(folder);
        List<string> files;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            files = [.. ReportFolder.Write(report, path)];
            File.WriteAllText(Path.Combine(path, customers.Name + ".csv"), ReportFolder.ToCsv(customers));
            files.Add(customers.Name + ".csv");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the report folder {path}: {e.Message}");
        }

        if (Environment.GetEnvironmentVariable("RETENTION_TIMINGS") == "1")
        {
            error.WriteLine(FormattableString.Invariant($"Report folder: {clock.Elapsed.TotalSeconds:F2} s"));
        }

        if (json)
        {
            output.WriteLine(ReportFolder.ToJson(report, w =>
            {
                w.WriteString("command", command);
                w.WriteString("as_of", input.AsOf.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("report_folder", path);
                w.WriteStartArray("files");
                foreach (var file in files)
                {
                    w.WriteStringValue(file);
                }

                w.WriteEndArray();
            }));
        }
        else
        {
            console.Render(report);
            output.WriteLine();
            output.WriteLine($"Report folder: {path} ({files.Count} files: CSV and JSON per table, customers.csv, {report.Charts.Count} charts, report.html)");
        }

        foreach (var warning in report.Warnings)
        {
            error.WriteLine("warning: " + warning);
        }

        return CliApp.Success;
    }

    /// <summary>Adds the options every report command has.</summary>
    internal static (System.CommandLine.Option<string> Out, System.CommandLine.Option<bool> Json) AddCommonOptions(System.CommandLine.Command command)
    {
        var outFolder = new System.CommandLine.Option<string>("--out")
        {
            Description = "Report folder (created if missing): CSV and JSON for every table, charts as PNG, report.html.",
            DefaultValueFactory = _ => DefaultFolder,
        };
        var json = new System.CommandLine.Option<bool>("--json") { Description = "Print one JSON object (every table, snake_case fields) instead of tables." };
        command.Options.Add(outFolder);
        command.Options.Add(json);
        return (outFolder, json);
    }
}
