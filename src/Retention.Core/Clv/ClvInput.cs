namespace Retention.Clv;

/// <summary>Checks of the customer-level inputs shared by the models; element fields are named like <c>recency[3]</c>.</summary>
internal static class ClvInput
{
    /// <summary>Checks (frequency, recency, T, weights) and returns the total weight.</summary>
    internal static double CheckCustomers(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> weights)
    {
        CheckLength(recency.Length, frequency.Length, "recency");
        CheckLength(age.Length, frequency.Length, "T");
        if (!weights.IsEmpty)
        {
            CheckLength(weights.Length, frequency.Length, "weights");
        }

        for (var i = 0; i < frequency.Length; i++)
        {
            CheckCustomer(frequency[i], recency[i], age[i], i);
        }

        return CheckWeights(weights, frequency.Length);
    }

    /// <summary>The largest frequency accepted: 2^53, the last integer a double holds exactly.</summary>
    internal const double MaxFrequency = 9_007_199_254_740_992d;

    /// <summary>Checks one customer; <paramref name="index"/> -1 names the fields without an index.</summary>
    internal static void CheckCustomer(double frequency, double recency, double age, int index = -1)
    {
        if (!(frequency is >= 0d and <= MaxFrequency))
        {
            // Counts beyond 2^53 are not even exact in a double; the models' log-gamma terms overflow near double.MaxValue.
            Preconditions.ThrowInvalid(Name("frequency", index), frequency, "must be a number from 0 to 2^53");
        }

        if (!(double.IsFinite(recency) && recency >= 0d))
        {
            Preconditions.ThrowInvalid(Name("recency", index), recency, "must be a finite number, 0 or more");
        }

        if (!(double.IsFinite(age) && age >= recency))
        {
            Preconditions.ThrowInvalid(Name("T", index), age, "must be a finite number, at least the recency");
        }
    }

    /// <summary>Checks weights (empty means 1 each) and returns their total.</summary>
    internal static double CheckWeights(ReadOnlySpan<double> weights, int count)
    {
        if (weights.IsEmpty)
        {
            if (count == 0)
            {
                Preconditions.ThrowInvalid("frequency.Length", count, "must be at least 1 (no customers to fit)");
            }

            return count;
        }

        var total = 0d;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (!(double.IsFinite(w) && w >= 0d))
            {
                Preconditions.ThrowInvalid(Name("weights", i), w, "must be a finite number, 0 or more");
            }

            total += w;
        }

        if (!(total > 0d))
        {
            Preconditions.ThrowInvalid("weights", total, "must add up to more than 0");
        }

        return total;
    }

    internal static void CheckLength(int length, int expected, string field)
    {
        // The message is built only on failure: these checks run on every batch call.
        if (length != expected)
        {
            Preconditions.ThrowInvalid(field + ".Length", length, FormattableString.Invariant($"must equal the number of customers ({expected})"));
        }
    }

    internal static void CheckHorizon(double t, string field = "t")
    {
        if (!(double.IsFinite(t) && t >= 0d))
        {
            Preconditions.ThrowInvalid(field, t, "must be a finite number, 0 or more");
        }
    }

    internal static void CheckPositive(double value, string field)
    {
        if (!(double.IsFinite(value) && value > 0d))
        {
            Preconditions.ThrowInvalid(field, value, "must be a finite number above 0");
        }
    }

    internal static string Name(string field, int index) =>
        index < 0 ? field : field + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
