namespace Retention;

/// <summary>
/// Spreads an order's order-level discount over its lines, exactly: the shares sum to the order's merchandise net.
/// </summary>
/// <remarks>
/// Shares are proportional to the lines' net amounts, rounded towards zero to the finest scale in play (the currency's
/// minor units or more), so every sum is exact decimal arithmetic; the few units left over go to lines that still have
/// room, largest net first (ties in line order). Room always suffices: the total room is
/// Subtotal - (shares) &gt;= Subtotal - MerchandiseNet + leftover &gt;= leftover. <see cref="Refund.Full"/> refunds
/// exactly these shares, and the points engine earns on them, so a full refund reverses exactly what was earned.
/// </remarks>
internal static class DiscountAllocation
{
    internal static void Allocate(Order order, Span<decimal> shares)
    {
        var lines = order.Lines;
        var count = lines.Count;
        Preconditions.DebugCheckState(shares.Length == count, "one share per line");
        if (order.OrderDiscount.IsZero)
        {
            for (var i = 0; i < count; i++)
            {
                shares[i] = lines[i].Net.Amount;
            }

            return;
        }

        var merchandise = order.MerchandiseNet.Amount;
        var subtotal = order.Subtotal.Amount;
        var scale = Math.Max(order.Currency.MinorUnits, (int)merchandise.Scale);
        for (var i = 0; i < count; i++)
        {
            scale = Math.Max(scale, (int)lines[i].Net.Amount.Scale);
        }

        var allocated = 0m;
        for (var i = 0; i < count; i++)
        {
            var net = lines[i].Net.Amount;
            var share = decimal.Round(Share(net, merchandise, subtotal), scale, MidpointRounding.ToZero);
            shares[i] = Math.Min(Math.Max(share, 0m), net);
            allocated += shares[i];
        }

        var leftover = merchandise - allocated;
        Span<bool> visited = count <= 256 ? stackalloc bool[count] : new bool[count];
        while (leftover != 0m)
        {
            // The unvisited line with the largest net, first in line order on ties: a stable descending sort, lazily.
            var best = -1;
            for (var i = 0; i < count; i++)
            {
                if (!visited[i] && (best < 0 || lines[i].Net.Amount > lines[best].Net.Amount))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            visited[best] = true;
            var take = Math.Min(leftover, lines[best].Net.Amount - shares[best]);
            shares[best] += take;
            leftover -= take;
        }
    }

    private static decimal Share(decimal amount, decimal numerator, decimal denominator)
    {
        if (denominator == 0m)
        {
            return 0m;
        }

        try
        {
            return amount * numerator / denominator;
        }
        catch (OverflowException)
        {
            // Only for amounts near decimal's range (above about 10^14 each); the ratio keeps 28 significant digits.
            return amount * (numerator / denominator);
        }
    }
}
