using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Retention.Rfm;

namespace Retention.Cli;

/// <summary>The column names of an orders CSV (the rfm and analyze commands' column options).</summary>
internal sealed record OrderColumns(string Customer, string? Order, string Date, string Amount, string DateFormat)
{
    internal static OrderColumns Default { get; } = new("customer_id", "order_id", "date", "amount", "uuuu-MM-dd");
}

/// <summary>An orders CSV read into the compact form the library's loops use.</summary>
internal sealed class OrderFile
{
    /// <summary>The first year a row's date may have.</summary>
    internal const int FirstYear = 1900;

    /// <summary>The last year a row's date may have.</summary>
    internal const int LastYear = 8999;

    private OrderFile(CustomerIndex customers, Transaction[] transactions, LocalDate? lastDate, int rows)
    {
        Customers = customers;
        Transactions = transactions;
        LastDate = lastDate;
        Rows = rows;
    }

    internal CustomerIndex Customers { get; }

    internal Transaction[] Transactions { get; }

    /// <summary>The latest date in the file, or <see langword="null"/> for a file without rows.</summary>
    internal LocalDate? LastDate { get; }

    internal int Rows { get; }

    /// <summary>
    /// Reads an orders CSV with a header. Each row is one order, or one line of the order named in the order column
    /// when that column exists (lines of one order are summed; the order's date is its earliest line's). A negative
    /// amount is a refund on its own date. Amounts are exact decimals; a time of day after the date is ignored when the
    /// default date format is used.
    /// </summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="source">The file name used in messages.</param>
    /// <param name="columns">The column names.</param>
    /// <param name="badRows">When given, a bad row is recorded here (<c>file:line: problem</c>) and skipped instead of
    /// thrown; a missing column or an unclosed quote still throws.</param>
    /// <param name="extraCustomers">Customers to include even without orders (from a customers file).</param>
    /// <exception cref="BadDataException">Thrown for a missing column or a bad row, naming the line and value.</exception>
    internal static OrderFile Read(TextReader text, string source, OrderColumns columns, List<string>? badRows = null, IEnumerable<string>? extraCustomers = null)
    {
        var csv = new CsvReader(text);
        try
        {
            var header = csv.Read() ?? throw new BadDataException(source + ": the file is empty; expected a header line.");
            var names = header.Fields.Select(f => f.Trim()).ToArray();
            var customerColumn = Column(names, columns.Customer, source, required: true);
            var orderColumn = columns.Order is null ? -1 : Column(names, columns.Order, source, required: columns.Order != OrderColumns.Default.Order);
            var dateColumn = Column(names, columns.Date, source, required: true);
            var amountColumn = Column(names, columns.Amount, source, required: true);
            var pattern = LocalDatePattern.CreateWithInvariantCulture(columns.DateFormat);
            var lenient = columns.DateFormat == OrderColumns.Default.DateFormat;

            var rows = new List<(string Customer, string? Order, LocalDate Date, decimal Amount)>();
            while (csv.Read() is var (fields, line))
            {
                if (fields.Length == 1 && fields[0].Trim().Length == 0)
                {
                    continue;
                }

                var problem = ParseRow(fields, names.Length, customerColumn, orderColumn, dateColumn, amountColumn, columns, pattern, lenient, out var row);
                if (problem is null)
                {
                    rows.Add(row);
                }
                else if (badRows is null)
                {
                    throw new BadDataException($"{source}:{line}: {problem}");
                }
                else
                {
                    badRows.Add($"{source}:{line}: {problem}");
                }
            }

            return Build(rows, extraCustomers ?? []);
        }
        catch (CsvFormatException e)
        {
            throw new BadDataException($"{source}:{e.Line}: {e.Message}.");
        }
    }

    /// <summary>Parses one row; returns the problem (without the location) or <see langword="null"/>.</summary>
    private static string? ParseRow(
        string[] fields, int width, int customerColumn, int orderColumn, int dateColumn, int amountColumn, OrderColumns columns, LocalDatePattern pattern, bool lenient,
        out (string Customer, string? Order, LocalDate Date, decimal Amount) row)
    {
        row = default;
        if (fields.Length != width)
        {
            return $"expected {width} fields as in the header, found {fields.Length}.";
        }

        var customer = fields[customerColumn].Trim();
        if (customer.Length == 0)
        {
            return $"column '{columns.Customer}' is empty.";
        }

        var order = orderColumn < 0 ? null : fields[orderColumn].Trim();
        if (ParseDate(fields[dateColumn].Trim(), pattern, lenient) is not { } date)
        {
            return $"column '{columns.Date}' value \"{fields[dateColumn]}\" is not a date in the format {columns.DateFormat}.";
        }

        if (date.Year is < FirstYear or > LastYear)
        {
            // The loyalty ledger and the reports' calendar arithmetic work within these years.
            return $"column '{columns.Date}' value \"{fields[dateColumn]}\" is outside the years {FirstYear} to {LastYear}.";
        }

        var amountText = fields[amountColumn].Trim();
        if (!decimal.TryParse(amountText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return $"column '{columns.Amount}' value \"{amountText}\" is not a finite decimal amount.";
        }

        row = (customer, string.IsNullOrEmpty(order) ? null : order, date, amount);
        return null;
    }

    private static OrderFile Build(List<(string Customer, string? Order, LocalDate Date, decimal Amount)> rows, IEnumerable<string> extraCustomers)
    {
        var customers = CustomerIndex.Create(rows.Select(r => new CustomerId(r.Customer)).Concat(extraCustomers.Select(c => new CustomerId(c))));
        var transactions = new List<Transaction>(rows.Count);
        var orders = new Dictionary<string, (int Customer, LocalDate Date, decimal Amount)>(StringComparer.Ordinal);
        LocalDate? last = null;
        foreach (var row in rows)
        {
            var customer = customers.IndexOf(new CustomerId(row.Customer));
            last = last is null || row.Date > last ? row.Date : last;
            if (row.Amount < 0m)
            {
                transactions.Add(Transaction.Refund(customer, row.Date, -row.Amount));
            }
            else if (row.Order is null)
            {
                transactions.Add(Transaction.Purchase(customer, row.Date, row.Amount));
            }
            else if (orders.TryGetValue(row.Order, out var order))
            {
                if (order.Customer != customer)
                {
                    throw new BadDataException($"order \"{row.Order}\" appears under two customers, \"{customers[order.Customer].Value}\" and \"{row.Customer}\".");
                }

                decimal total;
                try
                {
                    total = order.Amount + row.Amount;
                }
                catch (OverflowException)
                {
                    throw new BadDataException($"order \"{row.Order}\": its amounts add up to more than a decimal holds.");
                }

                orders[row.Order] = (customer, row.Date < order.Date ? row.Date : order.Date, total);
            }
            else
            {
                orders.Add(row.Order, (customer, row.Date, row.Amount));
            }
        }

        transactions.AddRange(orders.Values.Select(o => Transaction.Purchase(o.Customer, o.Date, o.Amount)));
        return new OrderFile(customers, [.. transactions], last, rows.Count);
    }

    private static LocalDate? ParseDate(string text, LocalDatePattern pattern, bool lenient)
    {
        var result = pattern.Parse(text);
        if (result.Success)
        {
            return result.Value;
        }

        if (lenient && text.Length > 10 && (text[10] == ' ' || text[10] == 'T'))
        {
            var dateOnly = pattern.Parse(text[..10]);
            return dateOnly.Success ? dateOnly.Value : null;
        }

        return null;
    }

    private static int Column(string[] names, string name, string source, bool required)
    {
        var index = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0 && required)
        {
            throw new BadDataException($"{source}:1: the header has no column '{name}' (columns: {string.Join(", ", names)}).");
        }

        return index;
    }
}

/// <summary>Input data that cannot be used; the message names the file, line and value. Exit code 1.</summary>
internal sealed class BadDataException(string message) : Exception(message);
