namespace Retention.Metrics;

/// <summary>
/// Net Promoter Score and customer satisfaction from survey answers, overall or per group (segment, tier, month).
/// </summary>
/// <remarks>
/// Answers outside the scale are rejected with <see cref="InvalidValueException"/>, whose field names the answer's
/// position (<c>answers[3]</c>). No answers give <see langword="null"/>: a score of nothing is undefined. The order of the
/// answers never matters. Thread safety: stateless.
/// </remarks>
public static class Surveys
{
    /// <summary>Computes the NPS of 0-10 answers.</summary>
    /// <param name="answers">The answers, each from 0 to 10.</param>
    /// <returns>The score, or <see langword="null"/> when there are no answers.</returns>
    /// <exception cref="InvalidValueException">Thrown when an answer is outside 0 to 10.</exception>
    public static NpsResult? Nps(ReadOnlySpan<int> answers)
    {
        int promoters = 0, passives = 0, detractors = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            var a = answers[i];
            if (a is < 0 or > 10)
            {
                Preconditions.ThrowInvalid(Position(i), a, "is outside the 0-10 NPS scale");
            }

            promoters += a >= 9 ? 1 : 0;
            passives += a is 7 or 8 ? 1 : 0;
            detractors += a <= 6 ? 1 : 0;
        }

        return answers.Length == 0 ? null : new NpsResult(promoters, passives, detractors);
    }

    /// <summary>Computes the CSAT of 1-5 answers.</summary>
    /// <param name="answers">The answers, each from 1 to 5.</param>
    /// <returns>The score, or <see langword="null"/> when there are no answers.</returns>
    /// <exception cref="InvalidValueException">Thrown when an answer is outside 1 to 5.</exception>
    public static CsatResult? Csat(ReadOnlySpan<int> answers)
    {
        var satisfied = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            var a = answers[i];
            if (a is < 1 or > 5)
            {
                Preconditions.ThrowInvalid(Position(i), a, "is outside the 1-5 CSAT scale");
            }

            satisfied += a >= 4 ? 1 : 0;
        }

        return answers.Length == 0 ? null : new CsatResult(answers.Length, satisfied);
    }

    /// <summary>Computes the NPS of each group of answers: per RFM segment, per tier, per month.</summary>
    /// <typeparam name="T">The answer type.</typeparam>
    /// <typeparam name="TKey">The group key.</typeparam>
    /// <param name="answers">The answers; read once.</param>
    /// <param name="key">The group of an answer.</param>
    /// <param name="score">The 0-10 score of an answer.</param>
    /// <returns>One result per group that has answers, in the order groups first appear.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when a score is outside 0 to 10; the field names its position in <paramref name="answers"/>.</exception>
    public static IReadOnlyList<KeyValuePair<TKey, NpsResult>> NpsBy<T, TKey>(IEnumerable<T> answers, Func<T, TKey> key, Func<T, int> score)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(score);
        var groups = new Dictionary<TKey, List<int>>();
        var order = new List<TKey>();
        var position = 0;
        foreach (var answer in answers)
        {
            var value = score(answer);
            if (value is < 0 or > 10)
            {
                Preconditions.ThrowInvalid(Position(position), value, "is outside the 0-10 NPS scale");
            }

            var k = key(answer);
            if (!groups.TryGetValue(k, out var list))
            {
                groups.Add(k, list = []);
                order.Add(k);
            }

            list.Add(value);
            position++;
        }

        return [.. order.Select(k => new KeyValuePair<TKey, NpsResult>(k, Nps(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(groups[k]))!))];
    }

    private static string Position(int index) => "answers[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
