using System.CommandLine;
using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Retention.Rfm;

namespace Retention.Cli;

/// <summary><c>retention rfm</c>: RFM scores and segments for every customer of an orders CSV.</summary>
internal static class RfmCommand
{
    internal const string OutputHeader = "customer_id,recency_days,frequency,monetary,r,f,m,segment";

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "Orders CSV with a header.", Required = true };
        var asOf = DateOption("--as-of", "Score as of this date (yyyy-MM-dd), inclusive; default: the latest date in the file.");
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the scores CSV (or JSON) here instead of standard output." };
        var json = new Option<bool>("--json") { Description = "Write one JSON object {as_of, customers: [...]} with the CSV's fields instead of CSV." };
        var columns = new OrderColumnOptions();

        var command = new Command("rfm", "Score every customer on recency, frequency and monetary value (exact NTILE quintiles) and name their segment.");
        command.Options.Add(input);
        command.Options.Add(asOf);
        command.Options.Add(outFile);
        command.Options.Add(json);
        columns.AddTo(command);
        command.SetAction(parseResult =>
        {
            var file = parseResult.GetValue(input)!;
            var orders = OrderFileLoader.Load(file, columns.Get(parseResult));
            var date = parseResult.GetValue(asOf) ?? orders.LastDate;
            if (date is null)
            {
                throw new BadDataException(file.Name + ": no orders to score.");
            }

            var target = parseResult.GetValue(outFile);
            using (var writer = target is null ? null : new StreamWriter(target.FullName))
            {
                var count = Write(orders, date.Value, writer ?? output, parseResult.GetValue(json));
                if (target is not null)
                {
                    error.WriteLine(FormattableString.Invariant($"scored {count} customers as of {date:uuuu-MM-dd} into {target.FullName}"));
                }
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary>Computes summaries as of <paramref name="asOf"/>, scores customers who purchased, writes the CSV.</summary>
    /// <returns>The number of customers written.</returns>
    internal static int Write(OrderFile orders, LocalDate asOf, TextWriter writer, bool json = false)
    {
        var summaries = new CustomerSummary[orders.Customers.Count];
        CustomerSummaries.Compute(orders.Transactions, new SummaryWindow(asOf), summaries);
        var scored = Enumerable.Range(0, summaries.Length).Where(i => summaries[i].HasPurchases).ToArray();
        var values = scored.Select(i => RfmValues.FromSummary(summaries[i])).ToArray();
        var scores = new RfmScore[values.Length];
        var map = SegmentMap.Default;
        RfmScoring.ScoreQuantiles(values, scores, map);

        if (json)
        {
            var table = new Reports.ReportTable("customers", "RFM scores", [.. OutputHeader.Split(',').Select(n => new Reports.ReportColumn(n, n))]);
            for (var k = 0; k < scored.Length; k++)
            {
                var s = summaries[scored[k]];
                table.Add(orders.Customers[scored[k]].Value, s.DaysSinceLastPurchase, s.Orders, s.NetSpend, scores[k].Recency, scores[k].Frequency, scores[k].Monetary, map.SegmentName(scores[k].Segment));
            }

            var report = new Reports.Report("rfm");
            report.Add(table);
            writer.WriteLine(Reports.ReportFolder.ToJson(report, w => w.WriteString("as_of", asOf.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture))));
            return scored.Length;
        }

        writer.WriteLine(OutputHeader);
        for (var k = 0; k < scored.Length; k++)
        {
            var s = summaries[scored[k]];
            var score = scores[k];
            writer.Write(Csv.Field(orders.Customers[scored[k]].Value));
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $",{s.DaysSinceLastPurchase},{s.Orders},{s.NetSpend},{score.Recency},{score.Frequency},{score.Monetary},{Csv.Field(map.SegmentName(score.Segment))}"));
        }

        return scored.Length;
    }

    internal static Option<LocalDate?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            var parsed = LocalDatePattern.Iso.Parse(text);
            if (!parsed.Success)
            {
                r.AddError($"{name} must be a date in the form yyyy-MM-dd, not \"{text}\".");
                return null;
            }

            return parsed.Value;
        },
    };
}

/// <summary>The column options shared by the commands that read an orders CSV.</summary>
internal sealed class OrderColumnOptions
{
    private readonly Option<string> _customer = new("--customer-column") { Description = "Customer id column.", DefaultValueFactory = _ => OrderColumns.Default.Customer };
    private readonly Option<string> _order = new("--order-column") { Description = "Order id column (optional in the file: without it each row is one order).", DefaultValueFactory = _ => OrderColumns.Default.Order! };
    private readonly Option<string> _date = new("--date-column") { Description = "Order date column.", DefaultValueFactory = _ => OrderColumns.Default.Date };
    private readonly Option<string> _amount = new("--amount-column") { Description = "Order amount column (negative amounts are refunds).", DefaultValueFactory = _ => OrderColumns.Default.Amount };
    private readonly Option<string> _format = new("--date-format") { Description = "NodaTime date pattern of the date column, for example dd/MM/uuuu.", DefaultValueFactory = _ => OrderColumns.Default.DateFormat };

    internal void AddTo(Command command)
    {
        command.Options.Add(_customer);
        command.Options.Add(_order);
        command.Options.Add(_date);
        command.Options.Add(_amount);
        command.Options.Add(_format);
    }

    internal OrderColumns Get(ParseResult result) => new(
        result.GetValue(_customer)!,
        result.GetValue(_order),
        result.GetValue(_date)!,
        result.GetValue(_amount)!,
        result.GetValue(_format)!);
}

/// <summary>Opens an orders file, turning I/O failures into bad-data errors.</summary>
internal static class OrderFileLoader
{
    internal static OrderFile Load(FileInfo file, OrderColumns columns)
    {
        try
        {
            using var reader = new StreamReader(file.FullName);
            return OrderFile.Read(reader, file.Name, columns);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
    }
}

/// <summary>CSV output helpers.</summary>
internal static class Csv
{
    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
