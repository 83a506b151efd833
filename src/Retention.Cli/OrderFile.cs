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
    /// <exception cref="BadDataException">Thrown for a missing column or a bad row, naming the line and value.</exception>
    internal static OrderFile Read(TextReader text, string source, OrderColumns columns)
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

                if (fields.Length != names.Length)
                {
                    throw new BadDataException($"{source}:{line}: expected {names.Length} fields as in the header, found {fields.Length}.");
                }

                var customer = fields[customerColumn].Trim();
                if (customer.Length == 0)
                {
                    throw new BadDataException($"{source}:{line}: column '{columns.Customer}' is empty.");
                }

                var order = orderColumn < 0 ? null : fields[orderColumn].Trim();
                var date = ParseDate(fields[dateColumn].Trim(), pattern, lenient) ?? throw new BadDataException(
                    $"{source}:{line}: column '{columns.Date}' value \"{fields[dateColumn]}\" is not a date in the format {columns.DateFormat}.");
                var amountText = fields[amountColumn].Trim();
                if (!decimal.TryParse(amountText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                {
                    throw new BadDataException($"{source}:{line}: column '{columns.Amount}' value \"{amountText}\" is not a finite decimal amount.");
                }

                rows.Add((customer, string.IsNullOrEmpty(order) ? null : order, date, amount));
            }

            return Build(rows);
        }
        catch (CsvFormatException e)
        {
            throw new BadDataException($"{source}:{e.Line}: {e.Message}.");
        }
    }

    private static OrderFile Build(List<(string Customer, string? Order, LocalDate Date, decimal Amount)> rows)
    {
        var customers = CustomerIndex.Create(rows.Select(r => new CustomerId(r.Customer)));
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

                orders[row.Order] = (customer, row.Date < order.Date ? row.Date : order.Date, order.Amount + row.Amount);
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
