namespace Retention.Clv;

/// <summary>
/// Draws customers from the generative process of a fitted model, reproducibly from a seeded <see cref="Random"/>:
/// for tests, benchmarks and demo data.
/// </summary>
/// <remarks>Thread safety: stateless; the <see cref="Random"/> given is not thread-safe, so give each thread its own.</remarks>
public static class ClvSimulator
{
    /// <summary>
    /// Simulates BG/NBD customers: each draws λ ~ Gamma(r, α) and p ~ Beta(a, b), buys at times of a Poisson process
    /// of rate λ after a first purchase at time 0, and after each repeat purchase drops out with probability p.
    /// </summary>
    /// <param name="model">The parameters to draw from.</param>
    /// <param name="random">The source of randomness, seeded by the caller for reproducible draws.</param>
    /// <param name="age">The observation time T of each customer (time since their first purchase), 0 or more.</param>
    /// <param name="frequency">Receives each customer's repeat purchases in (0, T].</param>
    /// <param name="recency">Receives the time of each customer's last purchase (0 without repeats).</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="model"/> or <paramref name="random"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when an age is negative or not finite, or the lengths differ, or
    /// when a customer would make more than 10,000,000 purchases by their age (the field is that age):
    /// purchases are drawn one by one, and a rate λ near the largest double (α near 0) with p near 0 would otherwise
    /// loop for ever, once t + 1/λ rounds to t.</exception>
    public static void SimulateBgNbd(BgNbdModel model, Random random, ReadOnlySpan<double> age, Span<double> frequency, Span<double> recency)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        ClvInput.CheckLength(frequency.Length, age.Length, nameof(frequency));
        ClvInput.CheckLength(recency.Length, age.Length, nameof(recency));
        for (var i = 0; i < age.Length; i++)
        {
            ClvInput.CheckHorizon(age[i], ClvInput.Name("age", i));
        }

        for (var i = 0; i < age.Length; i++)
        {
            var lambda = Gamma(random, model.R) / model.Alpha;
            var p = Beta(random, model.A, model.B);
            var t = 0d;
            var x = 0;
            var last = 0d;
            while (true)
            {
                t += -Math.Log(1d - random.NextDouble()) / lambda;
                if (!(t <= age[i]))
                {
                    break;
                }

                if (x == MaxPurchases)
                {
                    Preconditions.ThrowInvalid(ClvInput.Name("age", i), age[i], FormattableString.Invariant($"is too long to simulate for this model: the customer drawn (λ = {lambda:G4}, p = {p:G4}) makes more than {MaxPurchases:N0} purchases by then"));
                }

                x++;
                last = t;
                if (random.NextDouble() < p)
                {
                    break;
                }
            }

            frequency[i] = x;
            recency[i] = last;
        }
    }

    /// <summary>The most purchases <see cref="SimulateBgNbd"/> draws for one customer (a fraction of a second of draws).</summary>
    internal const int MaxPurchases = 10_000_000;

    /// <summary>A Gamma(shape, 1) draw by Marsaglia and Tsang's method (boosted for shape &lt; 1).</summary>
    internal static double Gamma(Random random, double shape)
    {
        if (shape < 1d)
        {
            var u = random.NextDouble();
            return Gamma(random, shape + 1d) * Math.Pow(u, 1d / shape);
        }

        var d = shape - (1d / 3d);
        var c = 1d / Math.Sqrt(9d * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Normal(random);
                v = 1d + (c * z);
            }
            while (v <= 0d);

            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1d - (0.0331 * z * z * z * z) || Math.Log(u) < (0.5 * z * z) + (d * (1d - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>A Beta(a, b) draw from two gamma draws.</summary>
    internal static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        var sum = x + y;
        return sum > 0d ? x / sum : (random.NextDouble() < a / (a + b) ? 1d : 0d);
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Normal(Random random)
    {
        var u1 = 1d - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2d * Math.Log(u1)) * Math.Cos(2d * Math.PI * u2);
    }
}
