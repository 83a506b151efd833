using System.Numerics;

namespace Retention.Loyalty;

/// <summary>
/// The earning arithmetic in 64-bit integers for the common orders: every amount a non-negative decimal with at most
/// four decimals and a mantissa below 2^32, whole-number line multipliers up to 1,000, at most 64 lines, no
/// order-level discount, no exclusions and a basis that is not zero. Within those bounds every decimal operation of the general path is exact
/// (no sum or product comes near 28 significant digits), so the integer results are the same values, and the decimals
/// handed back are rebuilt with the scales the decimal path gives them (a sum has the largest scale of its terms, a
/// product by a whole multiplier of scale 0 keeps its scale). Anything else takes the decimal path.
/// </summary>
public sealed partial class PointsProgram
{
    private const int UnitScale = 4;
    private const long UnitsPerOne = 10_000;
    private const int MaxFastLines = 64;
    private const long MaxFastMultiplier = 1_000;

    private static readonly long[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000];

    private readonly bool _fastEarning;
    private readonly long _minimumUnits;

    /// <summary>Gets whether the program allows the integer path at all (no exclusions, whole multipliers, a minimum in units).</summary>
    internal bool UsesIntegerEarning => _fastEarning;

    /// <summary>Whether the program allows the integer path, and its minimum order value in units of 10^-4.</summary>
    private (bool Fast, long MinimumUnits) FastEarningSettings()
    {
        if (_excludedProducts.Count > 0 || _excludedCategories.Count > 0 || !TryUnits(MinimumOrderValue.Amount, out var minimum, out _))
        {
            return (false, 0);
        }

        foreach (var multiplier in _productMultipliers.Values.Concat(_categoryMultipliers.Values))
        {
            if (!IsFastMultiplier(multiplier))
            {
                return (false, 0);
            }
        }

        return (true, minimum);
    }

    /// <summary>A whole multiplier of scale 0 up to 1,000; the builder refuses multipliers that are not above zero.</summary>
    private static bool IsFastMultiplier(decimal multiplier) =>
        multiplier.Scale == 0 && multiplier <= MaxFastMultiplier;

    /// <summary>The weighted basis, the basis and the extras of an order in units of 10^-4, with the decimal scales.</summary>
    private struct FastWeights
    {
        internal long Weighted;
        internal long Basis;
        internal long Extras;
        internal int WeightedScale;
        internal int BasisScale;
        internal int ExtrasScale;

        internal readonly decimal WeightedDecimal => ToDecimal(Weighted, WeightedScale);

        internal readonly decimal BasisDecimal => ToDecimal(Basis, BasisScale);
    }

    /// <summary>
    /// <see cref="Weigh"/> in integers: <paramref name="amounts"/> receives each line's weighted amount in units of
    /// 10^-4. False (and nothing meaningful) when the order is outside the integer path's bounds.
    /// </summary>
    private bool TryWeighFast(Order order, Span<long> amounts, out FastWeights weights)
    {
        weights = default;
        var lines = order.LineArray;
        if (lines.Length > MaxFastLines || (NetOfDiscounts && !order.OrderDiscount.IsZero))
        {
            return false;
        }

        // extras = (shipping or 0m) + (tax or 0m): the scale of 0m is 0.
        long extras = 0;
        var extrasScale = 0;
        if (IncludeShipping)
        {
            if (!TryUnits(order.Shipping.Amount, out var shipping, out var scale))
            {
                return false;
            }

            extras += shipping;
            extrasScale = Math.Max(extrasScale, scale);
        }

        if (IncludeTax)
        {
            if (!TryUnits(order.Tax.Amount, out var tax, out var scale))
            {
                return false;
            }

            extras += tax;
            extrasScale = Math.Max(extrasScale, scale);
        }

        var basis = extras;
        var basisScale = extrasScale;
        var weighted = extras;
        var weightedScale = extrasScale;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!TryUnits(line.Gross.Amount, out var amount, out var amountScale))
            {
                return false;
            }

            if (NetOfDiscounts)
            {
                // The line's net (gross - discount); with no order discount, its share is its net.
                if (!TryUnits(line.Discount.Amount, out var discount, out var discountScale))
                {
                    return false;
                }

                amount -= discount;
                amountScale = Math.Max(amountScale, discountScale);
            }

            basis += amount;
            basisScale = Math.Max(basisScale, amountScale);
            if (_hasLineMultipliers)
            {
                // Whole multipliers of scale 0 only (see FastEarningSettings): the product keeps the amount's scale.
                amount *= (long)LineMultiplier(line);
            }

            amounts[i] = amount;
            weighted += amount;
            weightedScale = Math.Max(weightedScale, amountScale);
        }

        if (weighted == 0 || basis == 0)
        {
            // A zero sum may come out of the decimal path as a negative zero (from a line whose net is gross - discount
            // = 0): leave zeros to it, so that the decimals handed back keep their sign bit too. A non-zero sum of
            // non-negative terms is positive either way.
            return false;
        }

        weights.Weighted = weighted;
        weights.Basis = basis;
        weights.Extras = extras;
        weights.WeightedScale = weightedScale;
        weights.BasisScale = basisScale;
        weights.ExtrasScale = extrasScale;
        return true;
    }

    /// <summary><see cref="Earn"/> in integers; false when the order or the factor is outside the integer path's bounds.</summary>
    internal bool TryEarnFast(Order order, decimal tierMultiplier, out OrderEarning earning)
    {
        earning = default;
        var count = order.LineArray.Length;
        Span<long> amounts = stackalloc long[Math.Min(count, MaxFastLines)];
        if (!TryWeighFast(order, amounts, out FastWeights weights))
        {
            return false;
        }

        if (weights.Basis < _minimumUnits)
        {
            earning = new OrderEarning(0, weights.WeightedDecimal, weights.BasisDecimal, EarnOutcome.BelowMinimum);
            return true;
        }

        // The same factor as the decimal path, then as numerator / 10^scale.
        var factor = PointsPerUnit;
        if (tierMultiplier != 1m)
        {
            factor *= tierMultiplier;
        }

        if (_campaignIntervals.Length > 0)
        {
            var campaignMultiplier = CampaignMultiplier(order.PlacedAt);
            if (campaignMultiplier != 1m)
            {
                factor *= campaignMultiplier;
            }
        }

        if (!TryFactor(factor, out var numerator, out var factorScale))
        {
            return false;
        }

        long points;
        if (RoundingScope == RoundingScope.PerOrder)
        {
            points = RoundUnits(weights.Weighted, numerator, factorScale);
        }
        else
        {
            points = RoundUnits(weights.Extras, numerator, factorScale);
            for (var i = 0; i < amounts.Length; i++)
            {
                points += RoundUnits(amounts[i], numerator, factorScale);
            }
        }

        var weightedBasis = weights.WeightedDecimal;
        var basis = weights.BasisDecimal;
        earning = MaxPointsPerOrder is { } cap && points > cap.Value
            ? new OrderEarning(cap.Value, weightedBasis, basis, EarnOutcome.Capped)
            : new OrderEarning(points, weightedBasis, basis, EarnOutcome.Earned);
        return true;
    }

    /// <summary>A non-negative factor as numerator / 10^scale with a numerator below 2^31 and a scale of at most 9.</summary>
    private static bool TryFactor(decimal factor, out long numerator, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(factor, bits);
        scale = (bits[3] >> 16) & 0xFF;
        numerator = unchecked((uint)bits[0]);
        if (bits[1] != 0 || bits[2] != 0 || bits[3] < 0 || numerator >= 1L << 31)
        {
            return false;
        }

        // Trailing zeros change the scale, not the value.
        while (scale > 0 && numerator % 10 == 0)
        {
            numerator /= 10;
            scale--;
        }

        return scale <= 9;
    }

    /// <summary>
    /// The program's rounding of units x numerator / 10^(4 + scale), as <see cref="Round"/> rounds the exact decimal
    /// product: below 2^62 x 2^31 the product fits a 128-bit integer, and the decimal product was exact too. Units
    /// and numerators are never negative (<see cref="TryUnits"/> and <see cref="TryFactor"/> refuse negatives), so
    /// the quotient is the floor, and the midpoint rounds up (away from zero).
    /// </summary>
    private long RoundUnits(long units, long numerator, int scale)
    {
        if (numerator == 1 && scale == 0)
        {
            // One point per unit, the common rate: the same rounding without a 128-bit division.
            var quotient64 = units / UnitsPerOne;
            return RoundsUp(units - (quotient64 * UnitsPerOne), UnitsPerOne) ? quotient64 + 1 : quotient64;
        }

        var product = (Int128)units * numerator;
        var divisor = (Int128)UnitsPerOne * PowersOfTen[scale];
        var quotient = product / divisor;
        return checked((long)(RoundsUp(product - (quotient * divisor), divisor) ? quotient + 1 : quotient));
    }

    /// <summary>Whether the program's rounding takes a non-negative quotient up, given what the division left over.</summary>
    private bool RoundsUp<T>(T remainder, T divisor)
        where T : IBinaryInteger<T> => Rounding switch
    {
        PointsRounding.Floor => false,
        PointsRounding.Ceiling => remainder > T.Zero,
        _ => remainder + remainder >= divisor,
    };

    /// <summary>A non-negative decimal with at most four decimals and a mantissa below 2^32, in units of 10^-4.</summary>
    private static bool TryUnits(decimal value, out long units, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        scale = (bits[3] >> 16) & 0xFF;
        if (bits[1] != 0 || bits[2] != 0 || bits[3] < 0 || scale > UnitScale)
        {
            units = 0;
            return false;
        }

        units = unchecked((uint)bits[0]) * PowersOfTen[UnitScale - scale];
        return true;
    }

    /// <summary>The decimal with the given scale (at most 4) whose value is <paramref name="units"/> x 10^-4; units are never negative.</summary>
    private static decimal ToDecimal(long units, int scale)
    {
        var mantissa = units / PowersOfTen[UnitScale - scale];
        return new decimal(unchecked((int)mantissa), unchecked((int)(mantissa >> 32)), 0, isNegative: false, (byte)scale);
    }
}
