using System.Net;
using System.Text;
using System.Text.Json;

namespace Retention.Cli.Reports;

/// <summary>Writes a report: every section as CSV and JSON, the charts as PNG, and a self-contained report.html.</summary>
internal static class ReportFolder
{
    /// <summary>Writes the report into <paramref name="folder"/> (created if missing).</summary>
    /// <returns>The names of the files written, in order.</returns>
    internal static IReadOnlyList<string> Write(Report report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var section in report.Sections)
        {
            File.WriteAllText(Path.Combine(folder, section.Name + ".csv"), ToCsv(section));
            File.WriteAllText(Path.Combine(folder, section.Name + ".json"), ToJson(w => WriteSection(w, section)));
            files.Add(section.Name + ".csv");
            files.Add(section.Name + ".json");
        }

        foreach (var chart in report.Charts)
        {
            File.WriteAllBytes(Path.Combine(folder, chart.FileName), chart.Png);
            files.Add(chart.FileName);
        }

        File.WriteAllText(Path.Combine(folder, "report.html"), ToHtml(report));
        files.Add("report.html");
        return files;
    }

    internal static string ToCsv(ReportSection section)
    {
        var text = new StringBuilder();
        switch (section)
        {
            case ReportFacts facts:
                text.Append("name,value\n");
                foreach (var item in facts.Items)
                {
                    text.Append(Csv.Field(item.Name)).Append(',').Append(Csv.Field(ReportFormat.ForFile(item.Value))).Append('\n');
                }

                break;
            case ReportTable table:
                text.Append(string.Join(',', table.Columns.Select(c => c.Name))).Append('\n');
                foreach (var row in table.Rows)
                {
                    text.Append(string.Join(',', row.Select(v => Csv.Field(ReportFormat.ForFile(v))))).Append('\n');
                }

                break;
        }

        return text.ToString();
    }

    /// <summary>Writes one section's value: an object of facts, or an array of row objects.</summary>
    internal static void WriteSection(Utf8JsonWriter writer, ReportSection section)
    {
        switch (section)
        {
            case ReportFacts facts:
                writer.WriteStartObject();
                foreach (var item in facts.Items)
                {
                    writer.WritePropertyName(item.Name);
                    WriteValue(writer, item.Value);
                }

                writer.WriteEndObject();
                break;
            case ReportTable table:
                writer.WriteStartArray();
                foreach (var row in table.Rows)
                {
                    writer.WriteStartObject();
                    for (var k = 0; k < row.Length; k++)
                    {
                        writer.WritePropertyName(table.Columns[k].Name);
                        WriteValue(writer, row[k]);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
        }
    }

    /// <summary>The whole report as one JSON object: a field per section, plus what the caller adds.</summary>
    internal static string ToJson(Report report, Action<Utf8JsonWriter>? head = null) => ToJson(writer =>
    {
        writer.WriteStartObject();
        head?.Invoke(writer);
        foreach (var section in report.Sections)
        {
            writer.WritePropertyName(section.Name);
            WriteSection(writer, section);
        }

        writer.WriteStartArray("warnings");
        foreach (var warning in report.Warnings)
        {
            writer.WriteStringValue(warning);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double:
                writer.WriteNullValue(); // JSON has no NaN or infinity
                break;
            default:
                writer.WriteStringValue(ReportFormat.ForFile(value));
                break;
        }
    }

    private static string ToHtml(Report report)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
            .Append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em}")
            .Append("th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append("img{max-width:100%;border:1px solid #eee;margin:.5em 0}.note{color:#666}</style></head><body>\n");
        html.Append("<h1>").Append(E(report.Title)).Append("</h1>\n");
        foreach (var warning in report.Warnings)
        {
            html.Append("<p class=\"note\">warning: ").Append(E(warning)).Append("</p>\n");
        }

        if (report.Charts.Count > 0)
        {
            html.Append("<h2>Charts</h2>\n");
            foreach (var chart in report.Charts)
            {
                html.Append("<figure><img alt=\"").Append(E(chart.Title)).Append("\" src=\"data:image/png;base64,")
                    .Append(Convert.ToBase64String(chart.Png)).Append("\"><figcaption>").Append(E(chart.Title)).Append("</figcaption></figure>\n");
            }
        }

        foreach (var section in report.Sections)
        {
            html.Append("<h2>").Append(E(section.Title)).Append("</h2>\n<table>\n");
            switch (section)
            {
                case ReportFacts facts:
                    foreach (var (_, label, value, display) in facts.Items)
                    {
                        html.Append("<tr><th>").Append(E(label)).Append("</th><td class=\"n\">").Append(E(ReportFormat.ForPeople(value, display))).Append("</td></tr>\n");
                    }

                    break;
                case ReportTable table:
                    html.Append("<tr>");
                    foreach (var column in table.Columns)
                    {
                        html.Append("<th>").Append(E(column.Header)).Append("</th>");
                    }

                    html.Append("</tr>\n");
                    foreach (var row in table.Rows.Take(Math.Min(table.ConsoleRows, 200)))
                    {
                        html.Append("<tr>");
                        for (var k = 0; k < row.Length; k++)
                        {
                            html.Append(table.Columns[k].RightAligned ? "<td class=\"n\">" : "<td>").Append(E(ReportFormat.ForPeople(row[k], table.Columns[k].Display))).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    break;
            }

            html.Append("</table>\n");
            if (section.Note is { } note)
            {
                html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
            }
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }
}
