using System.CommandLine;
using System.Globalization;
using NodaTime;
using Retention.Cli.Reports;
using Retention.Loyalty;
using Retention.Offers;
using Retention.Rfm;
using Retention.Serialization;

namespace Retention.Cli;

/// <summary><c>retention analyze</c>: the demo's whole analysis on the user's own orders export.</summary>
internal static class AnalyzeCommand
{
    /// <summary>How many bad rows are listed on standard error before the count.</summary>
    internal const int BadRowsListed = 20;

    internal static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<FileInfo>("--input") { Description = "Orders CSV with a header (the rfm command's format and column options).", Required = true };
        var customersFile = new Option<FileInfo?>("--customers") { Description = "Customers CSV with a customer id column (the --customer-column name): customers without orders count in the totals and metrics." };
        var nps = new Option<FileInfo?>("--nps") { Description = "NPS answers CSV with a header customer_id,date,score (0-10)." };
        var program = new Option<FileInfo?>("--program") { Description = "Points program JSON (the Retention.Serialization format); default: the demo's sample program in USD." };
        var offers = new Option<FileInfo?>("--offers") { Description = "Offer catalog JSON (the Retention.Serialization format, segments of the default RFM map); default: the sample playbook catalog." };
        var asOf = RfmCommand.DateOption("--as-of", "Analyse as of this date (yyyy-MM-dd), inclusive; default: the latest date in the file.");
        var holdout = new Option<int>("--holdout-weeks")
        {
            Description = "Weeks before the as-of date held out for the calibration check (0: no check).",
            DefaultValueFactory = _ => 26,
        };
        holdout.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && (!int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var weeks) || weeks > 520))
            {
                r.AddError("--holdout-weeks must be a whole number of weeks from 0 to 520.");
            }
        });
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip rows that cannot be read (counted and listed on standard error) instead of stopping." };
        var columns = new OrderColumnOptions();

        var command = new Command("analyze", "Run the whole analysis (summaries, RFM, metrics and cohorts, points and tiers, CLV, churn risk, holdout check) on an orders CSV.");
        foreach (var option in new Option[] { input, customersFile, nps, program, offers, asOf, holdout, skipBadRows })
        {
            command.Options.Add(option);
        }

        columns.AddTo(command);
        var (outFolder, json) = ReportRun.AddCommonOptions(command);
        command.SetAction(parseResult =>
        {
            var file = parseResult.GetValue(input)!;
            var orderColumns = columns.Get(parseResult);
            var extra = parseResult.GetValue(customersFile) is { } cf ? ReadCustomerIds(cf, orderColumns.Customer) : [];
            var badRows = new List<string>();
            OrderFile orders;
            try
            {
                using var reader = new StreamReader(file.FullName);
                orders = OrderFile.Read(reader, file.Name, orderColumns, badRows, extra);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BadDataException(file.Name + ": " + e.Message);
            }

            var warnings = new List<string>();
            if (badRows.Count > 0)
            {
                foreach (var bad in badRows.Take(BadRowsListed))
                {
                    error.WriteLine((parseResult.GetValue(skipBadRows) ? "skipped: " : "error: ") + bad);
                }

                if (badRows.Count > BadRowsListed)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... and {badRows.Count - BadRowsListed:N0} more"));
                }

                if (!parseResult.GetValue(skipBadRows))
                {
                    throw new BadDataException(string.Create(CultureInfo.InvariantCulture, $"{file.Name}: {badRows.Count:N0} bad rows; fix them or pass --skip-bad-rows to go on without them."));
                }

                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"skipped {badRows.Count:N0} bad rows of {file.Name} (--skip-bad-rows)"));
            }

            var date = parseResult.GetValue(asOf) ?? orders.LastDate ?? throw new BadDataException(file.Name + ": no orders to analyse.");
            var points = parseResult.GetValue(program) is { } pf ? ReadProgram(pf) : SampleProgram(Currency.Usd);
            var answers = parseResult.GetValue(nps) is { } nf ? AnswerFile.ReadDated(nf, 0, 10) : null;
            var transactions = orders.Transactions.Where(t => t.Date <= date).ToArray();
            var catalog = parseResult.GetValue(offers) is { } of ? ReadOffers(of) : null;
            var analysis = Input(file.Name, orders.Customers, transactions, date, points, answers, parseResult.GetValue(holdout), catalog);
            return ReportRun.Execute("analyze", analysis, parseResult.GetValue(outFolder)!, parseResult.GetValue(json), output, error, warnings);
        });
        return command;
    }

    /// <summary>The demo's sample program (points per unit, return window, expiry, a reward and a three-tier spend ladder) in a currency.</summary>
    internal static PointsProgram SampleProgram(Currency currency) =>
        PointsProgram.CreateBuilder("Sample program", currency, DateTimeZone.Utc)
            .ReturnWindow(Period.FromDays(30))
            .Expiry(PointsExpiry.AfterEarning(12))
            .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(50)))
            .Reward(Reward.AmountOff("5-off", new Points(500), new Money(5m, currency)))
            .Tiers(SampleTiers)
            .Build();

    /// <summary>The sample programs' tier ladder (demo and analyze): Member, Silver at 250, Gold at 750 of spend in a
    /// calendar year, a month's grace, one level down at a time.</summary>
    internal static TierLadder SampleTiers { get; } = new(
        TierBasis.Spend,
        QualificationWindow.CalendarYear,
        [
            new Tier("Member", 0m),
            new Tier("Silver", 250m, new TierBenefits { EarningMultiplier = 1.25m }),
            new Tier("Gold", 750m, new TierBenefits { EarningMultiplier = 1.5m, FreeShipping = true, EarlyAccess = true }),
        ],
        Period.FromMonths(1),
        maxLevelsDown: 1);

    internal static AnalysisInput Input(
        string source, CustomerIndex customers, Transaction[] transactions, LocalDate asOf, PointsProgram program, IReadOnlyList<(LocalDate Date, int Score)>? answers, int holdoutWeeks, OfferCatalog? offers = null)
    {
        var purchases = transactions.Where(t => t.Kind == TransactionKind.Purchase).ToArray();
        var refunds = transactions.Where(t => t.Kind == TransactionKind.Refund).ToArray();
        var gross = purchases.Sum(t => t.Amount);
        var refunded = refunds.Sum(t => t.Amount);
        var revenue = new ReportFacts("revenue", string.Create(CultureInfo.InvariantCulture, $"Revenue ({source}, up to {asOf:uuuu-MM-dd})"))
            .Add("customers", "customers", customers.Count)
            .Add("customers_who_ordered", "customers who ordered", purchases.Select(t => t.Customer).Distinct().Count())
            .Add("orders", "orders", purchases.Length)
            .Add("refunds", "refunds", refunds.Length)
            .Add("gross_sales", "gross sales", gross, Display.Amount)
            .Add("refunded", "refunded", refunded, Display.Amount)
            .Add("net_sales", "net sales", gross - refunded, Display.Amount)
            .Add("average_order_value", "average order value", purchases.Length == 0 ? null : Math.Round(gross / purchases.Length, 2), Display.Amount);
        if (answers is not null)
        {
            revenue.Add("nps_answers", "NPS answers", answers.Count(a => a.Date <= asOf));
        }

        return new AnalysisInput
        {
            Title = string.Create(CultureInfo.InvariantCulture, $"Retention.Core analysis of {source} as of {asOf:uuuu-MM-dd}"),
            Customers = customers,
            Transactions = transactions,
            AsOf = asOf,
            Revenue = revenue,
            OrderDates = purchases.Select(t => t.Date).ToArray(),
            NpsAnswers = answers,
            Program = program,
            Offers = offers,
            LoyaltyEvents = () => LoyaltyEvents(customers, transactions, program),
            HoldoutWeeks = holdoutWeeks,
        };
    }

    /// <summary>
    /// Turns purchases and refunds into loyalty events: a purchase is a one-line order at noon (program time zone) of its
    /// day; a refund goes against the customer's latest earlier order that still has value to refund, capped at it (the
    /// export does not say which order it refunds). Zero-amount purchases and unmatched refunds earn and reverse nothing.
    /// </summary>
    internal static IEnumerable<LoyaltyEvent> LoyaltyEvents(CustomerIndex customers, Transaction[] transactions, PointsProgram program)
    {
        var currency = program.Currency;
        var zone = program.TimeZone;
        var events = new List<LoyaltyEvent>(transactions.Length);
        var open = new Dictionary<int, List<(Order Order, decimal Left)>>();
        var number = 0;
        foreach (var t in transactions.OrderBy(t => t.Date).ThenBy(t => t.Kind).ThenBy(t => t.Customer))
        {
            number++;
            var at = zone.AtLeniently(t.Date.At(new LocalTime(12, 0))).ToInstant();
            var amount = Math.Round(t.Amount, 2, MidpointRounding.ToEven);
            if (t.Kind == TransactionKind.Purchase)
            {
                if (amount <= 0m)
                {
                    continue;
                }

                var order = new Order(
                    new OrderId("T" + number.ToString(CultureInfo.InvariantCulture)),
                    customers[t.Customer],
                    at,
                    currency,
                    [new OrderLine(new LineItemId("1"), new ProductId("item"), 1, new Money(amount, currency))],
                    status: OrderStatus.Fulfilled);
                events.Add(new OrderPlaced(order));
                if (!open.TryGetValue(t.Customer, out var list))
                {
                    open[t.Customer] = list = [];
                }

                list.Add((order, amount));
            }
            else if (open.TryGetValue(t.Customer, out var list))
            {
                for (var i = list.Count - 1; i >= 0 && amount > 0m; i--)
                {
                    var (order, left) = list[i];
                    if (left <= 0m)
                    {
                        continue;
                    }

                    var part = Math.Min(left, amount);
                    list[i] = (order, left - part);
                    amount -= part;
                    events.Add(new OrderRefunded(new Refund(
                        new RefundId("R" + number.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture)),
                        order,
                        at + Duration.FromMinutes(1),
                        [new RefundLine(new LineItemId("1"), 1, new Money(part, currency))])));
                }
            }
        }

        return events;
    }

    private static PointsProgram ReadProgram(FileInfo file)
    {
        try
        {
            using var stream = File.OpenRead(file.FullName);
            return PointsProgramJson.Read(stream);
        }
        catch (InvalidConfigurationException e)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
    }

    private static OfferCatalog ReadOffers(FileInfo file)
    {
        try
        {
            using var stream = File.OpenRead(file.FullName);
            return OfferCatalogJson.Read(stream);
        }
        catch (InvalidConfigurationException e)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadDataException(file.Name + ": " + e.Message);
        }
    }

    /// <summary>Reads the customer ids of a customers CSV (its other columns are ignored).</summary>
    private static List<string> ReadCustomerIds(FileInfo file, string column)
    {
        try
        {
            using var reader = new StreamReader(file.FullName);
            var csv = new CsvReader(reader);
            var header = csv.Read() ?? throw new BadDataException(file.Name + ": the file is empty; expected a header with a '" + column + "' column.");
            var names = header.Fields.Select(f => f.Trim()).ToArray();
            var index = Array.FindIndex(names, n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new BadDataException($"{file.Name}:1: the header has no column '{column}' (columns: {string.Join(", ", names)}).");
            }

            var ids = new List<string>();
            while (csv.Read() is var (fields, line))
            {
                if (fields.Length == 1 && fields[0].Trim().Length == 0)
                {
                    continue;
                }

                if (fields.Length != names.Length || fields[index].Trim().Length == 0)
                {
                    throw new BadDataException($"{file.Name}:{line}: expected {names.Length} fields with a customer id in '{column}'.");
                }

                ids.Add(fields[index].Trim());
            }

            return ids;
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
