using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Retention.Metrics;

namespace Retention.Cli;

/// <summary><c>retention metrics</c>: retention metrics of a period, and NPS/CSAT from survey answers.</summary>
internal static class MetricsCommand
{
    internal static Command Create(TextWriter output)
    {
        var input = new Option<FileInfo>("--input") { Description = "Orders CSV with a header (the rfm command's format).", Required = true };
        var from = RfmCommand.DateOption("--from", "First day of the period (yyyy-MM-dd).");
        from.Required = true;
        var to = RfmCommand.DateOption("--to", "Last day of the period (yyyy-MM-dd), inclusive.");
        to.Required = true;
        var activityDays = new Option<int>("--activity-days")
        {
            Description = "A customer is active on a day when they purchased within this many days up to it.",
            DefaultValueFactory = _ => 365,
        };
        activityDays.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && (!int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1))
            {
                r.AddError("--activity-days must be a whole number of days, 1 or more.");
            }
        });
        var nps = new Option<FileInfo?>("--nps") { Description = "NPS answers CSV with a header customer_id,date,score (0-10); answers dated in the period count." };
        var csat = new Option<FileInfo?>("--csat") { Description = "CSAT answers CSV with a header customer_id,date,score (1-5); answers dated in the period count." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var cohorts = new Option<CohortPeriod?>("--cohorts") { Description = "Also print the cohort retention table by month or week of first purchase, up to --to." };
        var columns = new OrderColumnOptions();

        var command = new Command("metrics", "Customer retention rate, churn, repeat rate, purchase frequency, average order value, NPS and CSAT for a period.");
        foreach (var option in new Option[] { input, from, to, activityDays, nps, csat, json, cohorts })
        {
            command.Options.Add(option);
        }

        columns.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(from) is { } f && r.GetValue(to) is { } t && t < f)
            {
                r.AddError("--to must not be before --from.");
            }
        });
        command.SetAction(parseResult =>
        {
            var orders = OrderFileLoader.Load(parseResult.GetValue(input)!, columns.Get(parseResult));
            var period = new DateInterval(parseResult.GetValue(from)!.Value, parseResult.GetValue(to)!.Value);
            var metrics = RetentionMetrics.Compute(orders.Transactions, orders.Customers.Count, period, Period.FromDays(parseResult.GetValue(activityDays)));
            var npsResult = parseResult.GetValue(nps) is { } npsFile ? Surveys.Nps(AnswerFile.Read(npsFile, period, 0, 10)) : null;
            var csatResult = parseResult.GetValue(csat) is { } csatFile ? Surveys.Csat(AnswerFile.Read(csatFile, period, 1, 5)) : null;
            var table = parseResult.GetValue(cohorts) is { } unit
                ? CohortTable.Compute(orders.Transactions, orders.Customers.Count, unit, period.End)
                : null;
            if (parseResult.GetValue(json))
            {
                WriteJson(output, metrics, npsResult, csatResult, table);
            }
            else
            {
                WriteText(output, metrics, npsResult, csatResult);
                if (table is not null)
                {
                    WriteCohorts(output, table);
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary>Prints the cohort matrix: one row per cohort, one column per period since the first purchase.</summary>
    internal static void WriteCohorts(TextWriter output, CohortTable table, int maxPeriods = int.MaxValue)
    {
        var inv = CultureInfo.InvariantCulture;
        var width = table.Cohorts.Count == 0 ? 0 : Math.Min(maxPeriods, table.Cohorts.Max(c => c.Shares.Count));
        output.WriteLine();
        output.WriteLine($"Cohort retention by {(table.Unit == CohortPeriod.Month ? "month" : "week")} of first purchase (share active in each period after; as of {table.AsOf.ToString("uuuu-MM-dd", inv)})");
        output.WriteLine($"  {"cohort",-11}{"size",7}" + string.Concat(Enumerable.Range(0, width).Select(k => $"{"+" + k.ToString(inv),7}")));
        foreach (var cohort in table.Cohorts)
        {
            output.WriteLine($"  {cohort.Label,-11}{cohort.Size.ToString("N0", inv),7}" + string.Concat(cohort.Shares.Take(width).Select(s => $"{s.ToString("P0", inv),7}")));
        }
    }

    private static void WriteJson(TextWriter output, RetentionMetrics m, NpsResult? nps, CsatResult? csat, CohortTable? cohorts)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("from", m.Period.Start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("to", m.Period.End.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteNumber("activity_days", m.ActivityWindow.Days);
            writer.WriteNumber("customers_at_start", m.CustomersAtStart);
            writer.WriteNumber("customers_at_end", m.CustomersAtEnd);
            writer.WriteNumber("new_customers", m.NewCustomers);
            writer.WriteNumber("retained_customers", m.Retained);
            writer.WriteNumber("reactivated_customers", m.Reactivated);
            Number(writer, "customer_retention_rate", m.CustomerRetentionRate);
            Number(writer, "churn_rate", m.ChurnRate);
            writer.WriteNumber("ordering_customers", m.OrderingCustomers);
            writer.WriteNumber("orders", m.Orders);
            writer.WriteNumber("net_revenue", m.NetRevenue);
            Number(writer, "repeat_purchase_rate", m.RepeatPurchaseRate);
            Number(writer, "purchase_frequency", m.PurchaseFrequency);
            if (m.AverageOrderValue is { } aov)
            {
                writer.WriteNumber("average_order_value", aov);
            }
            else
            {
                writer.WriteNull("average_order_value");
            }

            Number(writer, "average_days_between_orders", m.AverageDaysBetweenOrders);
            Number(writer, "returning_revenue_share", m.ReturningRevenueShare);
            Number(writer, "nps", nps?.Score);
            Number(writer, "nps_standard_error", nps?.StandardError);
            Number(writer, "nps_lower_95", nps?.Lower95);
            Number(writer, "nps_upper_95", nps?.Upper95);
            writer.WriteNumber("nps_answers", nps?.Answers ?? 0);
            Number(writer, "csat", csat?.Score);
            writer.WriteNumber("csat_answers", csat?.Answers ?? 0);
            if (cohorts is not null)
            {
                writer.WriteStartArray("cohorts");
                foreach (var cohort in cohorts.Cohorts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("cohort", cohort.Label);
                    writer.WriteNumber("size", cohort.Size);
                    writer.WriteStartArray("active");
                    foreach (var a in cohort.Active)
                    {
                        writer.WriteNumberValue(a);
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("shares");
                    foreach (var share in cohort.Shares)
                    {
                        writer.WriteNumberValue(share);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    internal static void WriteText(TextWriter output, RetentionMetrics m, NpsResult? nps, CsatResult? csat)
    {
        var inv = CultureInfo.InvariantCulture;
        string Rate(double? value, string unit = "%") => value is { } v ? v.ToString("N2", inv) + (unit.Length > 0 ? " " + unit : string.Empty) : "n/a";
        void Row(string label, string value) => output.WriteLine($"  {label,-34}{value,16}");

        output.WriteLine(string.Create(inv, $"Retention metrics {m.Period.Start:uuuu-MM-dd} to {m.Period.End:uuuu-MM-dd} (active = purchased within {m.ActivityWindow.Days} days)"));
        Row("customers at start (S)", m.CustomersAtStart.ToString("N0", inv));
        Row("customers at end (E)", m.CustomersAtEnd.ToString("N0", inv));
        Row("new customers (N)", m.NewCustomers.ToString("N0", inv));
        Row("  retained / reactivated", string.Create(inv, $"{m.Retained:N0} / {m.Reactivated:N0}"));
        Row("customer retention rate (E-N)/S", Rate(m.CustomerRetentionRate));
        Row("churn rate", Rate(m.ChurnRate));
        Row("orders / ordering customers", string.Create(inv, $"{m.Orders:N0} / {m.OrderingCustomers:N0}"));
        Row("repeat purchase rate", Rate(m.RepeatPurchaseRate));
        Row("purchase frequency", Rate(m.PurchaseFrequency, string.Empty));
        Row("net revenue", m.NetRevenue.ToString("N2", inv));
        Row("average order value", m.AverageOrderValue?.ToString("N2", inv) ?? "n/a");
        Row("average days between orders", Rate(m.AverageDaysBetweenOrders, string.Empty));
        Row("revenue share of returning", Rate(m.ReturningRevenueShare));
        if (nps is not null)
        {
            Row("NPS", string.Create(inv, $"{nps.Score:N1} +/- {nps.StandardError:N1}"));
            Row("  95% interval, answers", string.Create(inv, $"[{nps.Lower95:N1}, {nps.Upper95:N1}], {nps.Answers:N0}"));
        }

        if (csat is not null)
        {
            Row("CSAT", string.Create(inv, $"{csat.Score:N1} % of {csat.Answers:N0}"));
        }
    }
}

/// <summary>Reads survey answers: a CSV with a header <c>customer_id,date,score</c>.</summary>
internal static class AnswerFile
{
    /// <summary>Returns the scores dated in <paramref name="period"/>; every row is checked, in the period or not.</summary>
    /// <exception cref="BadDataException">Thrown for a missing column or a bad row, naming the line and value.</exception>
    internal static int[] Read(FileInfo file, DateInterval period, int min, int max) =>
        [.. ReadDated(file, min, max).Where(a => period.Contains(a.Date)).Select(a => a.Score)];

    /// <summary>Returns every answer with its date; every row is checked.</summary>
    /// <exception cref="BadDataException">Thrown for a missing column or a bad row, naming the line and value.</exception>
    internal static List<(LocalDate Date, int Score)> ReadDated(FileInfo file, int min, int max)
    {
        try
        {
            using var reader = new StreamReader(file.FullName);
            var csv = new CsvReader(reader);
            var header = csv.Read() ?? throw new BadDataException(file.Name + ": the file is empty; expected a header customer_id,date,score.");
            var names = header.Fields.Select(f => f.Trim()).ToArray();
            var date = Array.FindIndex(names, n => n.Equals("date", StringComparison.OrdinalIgnoreCase));
            var score = Array.FindIndex(names, n => n.Equals("score", StringComparison.OrdinalIgnoreCase));
            if (date < 0 || score < 0)
            {
                throw new BadDataException($"{file.Name}:1: the header needs the columns date and score (columns: {string.Join(", ", names)}).");
            }

            var scores = new List<(LocalDate Date, int Score)>();
            while (csv.Read() is var (fields, line))
            {
                if (fields.Length == 1 && fields[0].Trim().Length == 0)
                {
                    continue;
                }

                if (fields.Length != names.Length)
                {
                    throw new BadDataException($"{file.Name}:{line}: expected {names.Length} fields as in the header, found {fields.Length}.");
                }

                var parsedDate = LocalDatePattern.Iso.Parse(fields[date].Trim());
                if (!parsedDate.Success)
                {
                    throw new BadDataException($"{file.Name}:{line}: column 'date' value \"{fields[date]}\" is not a date in the format uuuu-MM-dd.");
                }

                var text = fields[score].Trim();
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                {
                    throw new BadDataException($"{file.Name}:{line}: column 'score' value \"{text}\" is not a whole number from {min} to {max}.");
                }

                scores.Add((parsedDate.Value, value));
            }

            return scores;
        }
        catch (CsvFormatException e)
        {
            throw new BadDataException($"{file.Name}:{e.Line}: {e.Message}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
    }
}
