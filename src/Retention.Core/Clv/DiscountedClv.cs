using System.Runtime.Intrinsics;

namespace Retention.Clv;

/// <summary>
/// Discounted customer lifetime value: expected purchases per period from a purchase model (BG/NBD or Pareto/NBD),
/// times the expected spend per purchase from Gamma-Gamma, discounted per period.
/// </summary>
/// <remarks>
/// <para>CLV = Σᵢ₌₁ᴴ spend × (E[Y(i L)] - E[Y((i-1) L)]) / (1 + d)ⁱ, where E[Y(t)] is the customer's expected purchases
/// in the t model time units after the end of calibration, L the period length and d the discount rate of the
/// <see cref="ClvHorizon"/>: purchases in period i are discounted as if made at its end. The result is in the currency
/// units of the spend data (revenue; multiply by a margin for profit). It is a <see cref="double"/> like every analytic
/// (docs/decisions/0002): convert to money, with explicit rounding, where a merchant acts on it.</para>
/// <para>Batches of 50,000 customers or more run in two halves on two cores. Thread safety: stateless.</para>
/// </remarks>
public static class DiscountedClv
{
    internal const int ParallelThreshold = 50_000;

    /// <summary>Horizons of more periods than this are summed by the series only (the tables' scratch is on the stack).</summary>
    internal const int MaxTabledPeriods = 256;

    /// <summary>Returns one customer's discounted CLV under BG/NBD and Gamma-Gamma.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="horizon">Periods, period length and discount rate.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <param name="monetaryValue">Mean value of the repeat purchases (zbar); ignored when x = 0.</param>
    /// <returns>The discounted expected revenue over the horizon, 0 or more.</returns>
    /// <exception cref="ArgumentNullException">Thrown when a model or the horizon is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public static double Compute(BgNbdModel purchases, GammaGammaModel spend, ClvHorizon horizon, double frequency, double recency, double age, double monetaryValue)
    {
        CheckModels(purchases, spend, horizon);
        purchases.CheckCustomer(frequency, recency, age);
        return BgNbdClv(purchases, horizon, frequency, recency, age, spend.ExpectedAverageSpend(frequency, monetaryValue));
    }

    /// <summary>Returns one customer's discounted CLV under Pareto/NBD and Gamma-Gamma.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="horizon">Periods, period length and discount rate.</param>
    /// <param name="frequency">Repeat purchases (x).</param>
    /// <param name="recency">Time from first to last purchase (tₓ).</param>
    /// <param name="age">Time from first purchase to the end of calibration (T).</param>
    /// <param name="monetaryValue">Mean value of the repeat purchases (zbar); ignored when x = 0.</param>
    /// <returns>The discounted expected revenue over the horizon, 0 or more.</returns>
    /// <exception cref="ArgumentNullException">Thrown when a model or the horizon is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range.</exception>
    public static double Compute(ParetoNbdModel purchases, GammaGammaModel spend, ClvHorizon horizon, double frequency, double recency, double age, double monetaryValue)
    {
        CheckModels(purchases, spend, horizon);
        ClvInput.CheckCustomer(frequency, recency, age);
        return ParetoClv(purchases, horizon, frequency, recency, age, spend.ExpectedAverageSpend(frequency, monetaryValue));
    }

    /// <summary>Writes every customer's discounted CLV under BG/NBD and Gamma-Gamma into <paramref name="destination"/>.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="horizon">Periods, period length and discount rate.</param>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="recency">Recency per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="monetaryValue">Mean repeat-purchase value per customer.</param>
    /// <param name="destination">Receives one CLV per customer; the same length as the inputs.</param>
    /// <exception cref="ArgumentNullException">Thrown when a model or the horizon is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range or the lengths differ.</exception>
    public static void Compute(BgNbdModel purchases, GammaGammaModel spend, ClvHorizon horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        CheckModels(purchases, spend, horizon);
        CheckBatch(spend, frequency, recency, age, monetaryValue, destination);
        purchases.CheckFrequencies(frequency);
        using var tables = horizon.Periods <= MaxTabledPeriods
            ? BracketTables.Build(purchases.R, purchases.Alpha, purchases.A, purchases.B, 0, frequency, age, horizon.Periods * horizon.PeriodLength, horizon.Periods)
            : default;
        var shared = tables;
        Run(frequency, recency, age, monetaryValue, destination, (x, tx, t, z, d) => BgNbdRange(purchases, spend, horizon, shared, x, tx, t, z, d));
    }

    /// <summary>Writes every customer's discounted CLV under Pareto/NBD and Gamma-Gamma into <paramref name="destination"/>.</summary>
    /// <param name="purchases">The fitted purchase model.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="horizon">Periods, period length and discount rate.</param>
    /// <param name="frequency">Repeat purchases per customer.</param>
    /// <param name="recency">Recency per customer.</param>
    /// <param name="age">T per customer.</param>
    /// <param name="monetaryValue">Mean repeat-purchase value per customer.</param>
    /// <param name="destination">Receives one CLV per customer; the same length as the inputs.</param>
    /// <exception cref="ArgumentNullException">Thrown when a model or the horizon is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an input is out of range or the lengths differ.</exception>
    public static void Compute(ParetoNbdModel purchases, GammaGammaModel spend, ClvHorizon horizon, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        CheckModels(purchases, spend, horizon);
        CheckBatch(spend, frequency, recency, age, monetaryValue, destination);
        Run(frequency, recency, age, monetaryValue, destination, (x, tx, t, z, d) => ParetoRange(purchases, spend, horizon, x, tx, t, z, d));
    }

    internal delegate void RangeAction(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination);

    private static void BgNbdRange(BgNbdModel model, GammaGammaModel spend, ClvHorizon horizon, BracketTables tables, ReadOnlySpan<double> x, ReadOnlySpan<double> tx, ReadOnlySpan<double> age, ReadOnlySpan<double> zbar, Span<double> destination)
    {
        // Horizons for the tables: u = i L / (α + T) for i = 1 … H, padded with zeros (bracket 0) to whole lanes.
        var padded = horizon.Periods <= MaxTabledPeriods ? (horizon.Periods + BracketTables.Lanes - 1) / BracketTables.Lanes * BracketTables.Lanes : 0;
        Span<double> u = stackalloc double[padded];
        Span<double> brackets = stackalloc double[padded];

        // Σᵢ (gᵢ - gᵢ₋₁) Dᵢ = Σᵢ gᵢ (Dᵢ - Dᵢ₊₁) with Dᵢ = (1+d)⁻ⁱ and D_{H+1} = 0: one dot product with weights that are
        // all positive, so nothing cancels.
        Span<double> weights = stackalloc double[padded];

        // The padding lanes must hold u = 0 and weight 0 (not left to the stack's initial zeros).
        u.Clear();
        weights.Clear();
        var factor = 1d / (1d + horizon.DiscountRate);
        var discount = 1d;
        for (var i = 0; i < horizon.Periods && padded > 0; i++)
        {
            discount *= factor;
            weights[i] = i + 1 < horizon.Periods ? discount * (1d - factor) : discount;
        }

        // P(alive) in vectors for a block of customers (into the destination), then each one's CLV.
        const int Block = 64;
        for (var start = 0; start < destination.Length; start += Block)
        {
            var count = Math.Min(Block, destination.Length - start);
            var alive = destination.Slice(start, count);
            BgNbdFamily.ProbabilityAlive(model.R, model.Alpha, model.A, model.B, 0, x.Slice(start, count), tx.Slice(start, count), age.Slice(start, count), alive);
            for (var j = 0; j < count; j++)
            {
                var i = start + j;
                var spendPerPurchase = spend.Spend(x[i], zbar[i]);
                alive[j] = tables.TermsFor(x[i]) > 0
                    ? BgNbdClvTabled(model, horizon, tables, u, brackets, weights, x[i], tx[i], age[i], spendPerPurchase, alive[j])
                    : BgNbdClv(model, horizon, x[i], tx[i], age[i], spendPerPurchase);
            }
        }
    }

    private static double BgNbdClvTabled(BgNbdModel model, ClvHorizon horizon, BracketTables tables, Span<double> u, Span<double> brackets, ReadOnlySpan<double> weights, double x, double tx, double age, double spendPerPurchase, double alive)
    {
        if (alive == 0d)
        {
            return 0d;
        }

        var step = horizon.PeriodLength / (model.Alpha + age);
        for (var i = 0; i < horizon.Periods; i++)
        {
            u[i] = (i + 1) * step;
        }

        if (!tables.Brackets((int)x, u, brackets))
        {
            return BgNbdClv(model, horizon, x, tx, age, spendPerPurchase);
        }

        // The padding lanes have u = 0, bracket 0 and weight 0.
        var sum = Vector256<double>.Zero;
        for (var i = 0; i < brackets.Length; i += 4)
        {
            sum = Vector256.FusedMultiplyAdd(Vector256.Create(brackets.Slice(i, 4)), Vector256.Create(weights.Slice(i, 4)), sum);
        }

        return Vector256.Sum(sum) * spendPerPurchase * alive * (model.A + model.B + (x - 1d));
    }

    private static void ParetoRange(ParetoNbdModel model, GammaGammaModel spend, ClvHorizon horizon, ReadOnlySpan<double> x, ReadOnlySpan<double> tx, ReadOnlySpan<double> age, ReadOnlySpan<double> zbar, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ParetoClv(model, horizon, x[i], tx[i], age[i], spend.Spend(x[i], zbar[i]));
        }
    }

    private static double BgNbdClv(BgNbdModel model, ClvHorizon horizon, double x, double tx, double age, double spendPerPurchase)
    {
        var alive = BgNbdFamily.ProbabilityAlive(model.R, model.Alpha, model.A, model.B, 0, x, tx, age);
        if (alive == 0d)
        {
            return 0d;
        }

        // Σᵢ (f(iL) - f((i-1)L)) / (1+d)ⁱ with f(t) = E[Y(t) | alive] (f(0) = 0); no closure, nothing allocated.
        var factor = 1d / (1d + horizon.DiscountRate);
        double discount = 1d, previous = 0d, sum = 0d;
        for (var i = 1; i <= horizon.Periods; i++)
        {
            var current = BgNbdFamily.ExpectedWhileAlive(model.R, model.Alpha, model.A, model.B, 0, i * horizon.PeriodLength, x, age);
            discount *= factor;
            sum += (current - previous) * discount;
            previous = current;
        }

        return sum * spendPerPurchase * alive;
    }

    private static double ParetoClv(ParetoNbdModel model, ClvHorizon horizon, double x, double tx, double age, double spendPerPurchase)
    {
        var alive = model.Alive(x, tx, age);
        var factor = 1d / (1d + horizon.DiscountRate);
        double discount = 1d, previous = 0d, sum = 0d;
        for (var i = 1; i <= horizon.Periods; i++)
        {
            var current = ParetoNbdModel.Exposure(model.S, model.Beta, i * horizon.PeriodLength, age);
            discount *= factor;
            sum += (current - previous) * discount;
            previous = current;
        }

        return sum * spendPerPurchase * alive * ((model.R + x) / (model.Alpha + age));
    }

    private static void CheckModels(object purchases, GammaGammaModel spend, ClvHorizon horizon)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(horizon);
    }

    private static void CheckBatch(GammaGammaModel spend, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> monetaryValue, Span<double> destination)
    {
        ClvInput.CheckCustomers(frequency, recency, age, default);
        ClvInput.CheckLength(monetaryValue.Length, frequency.Length, nameof(monetaryValue));
        ClvInput.CheckLength(destination.Length, frequency.Length, nameof(destination));
        for (var i = 0; i < frequency.Length; i++)
        {
            var x = frequency[i];
            if (x > 0d && !(double.IsFinite(monetaryValue[i]) && monetaryValue[i] > 0d))
            {
                Preconditions.ThrowInvalid(ClvInput.Name("monetaryValue", i), monetaryValue[i], "must be a finite amount above 0 for a customer with repeat purchases (zero or negative spend, refunds, cannot be modelled as gamma)");
            }

            if (!((spend.P * x) + spend.Q - 1d > 0d))
            {
                Preconditions.ThrowInvalid("q", spend.Q, FormattableString.Invariant($"gives no finite mean spend at frequency {x} (p x + q must be above 1)"));
            }
        }
    }

    internal static unsafe void Run(ReadOnlySpan<double> x, ReadOnlySpan<double> tx, ReadOnlySpan<double> age, ReadOnlySpan<double> zbar, Span<double> destination, RangeAction range)
    {
        var n = destination.Length;
        if (n < ParallelThreshold)
        {
            range(x, tx, age, zbar, destination);
            return;
        }

        var half = n / 2;
        var rest = n - half;
        fixed (double* px = x, ptx = tx, pt = age, pz = zbar, pd = destination)
        {
            nint ax = (nint)px, atx = (nint)ptx, at = (nint)pt, az = (nint)pz, ad = (nint)pd;
            Parallel.Invoke(
                () => range(new ReadOnlySpan<double>((void*)ax, half), new ReadOnlySpan<double>((void*)atx, half), new ReadOnlySpan<double>((void*)at, half), new ReadOnlySpan<double>((void*)az, half), new Span<double>((void*)ad, half)),
                () => range(
                    new ReadOnlySpan<double>((void*)(ax + (half * sizeof(double))), rest),
                    new ReadOnlySpan<double>((void*)(atx + (half * sizeof(double))), rest),
                    new ReadOnlySpan<double>((void*)(at + (half * sizeof(double))), rest),
                    new ReadOnlySpan<double>((void*)(az + (half * sizeof(double))), rest),
                    new Span<double>((void*)(ad + (half * sizeof(double))), rest)));
        }
    }
}
