using System.Globalization;
using System.Numerics;

namespace Retention;

/// <summary>
/// An exact amount of money: a <see cref="decimal"/> amount in one ISO 4217 <see cref="Retention.Currency"/>.
/// </summary>
/// <remarks>
/// <para>Equality: two values are equal when their currencies are equal and their amounts are numerically equal
/// (<c>1.0 USD == 1.00 USD</c>). Values in different currencies are never equal.</para>
/// <para>Ordering and arithmetic are defined only within one currency: adding, subtracting or comparing amounts in
/// different currencies throws <see cref="CurrencyMismatchException"/>. Nothing is ever converted implicitly.</para>
/// <para>Rounding is never implicit: arithmetic keeps every decimal place, and <see cref="Round(MidpointRounding)"/>
/// rounds to the currency's minor units with the mode you name. Overflow throws <see cref="OverflowException"/>.</para>
/// <para>The default value is zero in <c>XXX</c> (no currency).</para>
/// <para>Thread safety: immutable value type; safe to share between threads.</para>
/// </remarks>
/// <example>
/// <code><![CDATA[
/// var price = new Money(19.99m, Currency.Usd);
/// var total = price * 3 - new Money(5m, Currency.Usd);   // 54.97 USD
/// var share = (total / 7).Round(MidpointRounding.ToEven); // 7.85 USD
/// ]]></code>
/// </example>
public readonly struct Money :
    IEquatable<Money>,
    IComparable<Money>,
    IComparable,
    IFormattable,
    IAdditionOperators<Money, Money, Money>,
    ISubtractionOperators<Money, Money, Money>,
    IUnaryNegationOperators<Money, Money>,
    IMultiplyOperators<Money, decimal, Money>,
    IDivisionOperators<Money, decimal, Money>,
    IComparisonOperators<Money, Money, bool>
{
    /// <summary>Initializes a new value.</summary>
    /// <param name="amount">The amount, with as many decimal places as it has.</param>
    /// <param name="currency">The currency.</param>
    public Money(decimal amount, Currency currency)
    {
        Amount = amount;
        Currency = currency;
    }

    /// <summary>Gets the amount.</summary>
    /// <value>The exact decimal amount, not rounded.</value>
    public decimal Amount { get; }

    /// <summary>Gets the currency.</summary>
    /// <value>The ISO 4217 currency.</value>
    public Currency Currency { get; }

    /// <summary>Gets whether the amount is zero.</summary>
    /// <value><see langword="true"/> when <see cref="Amount"/> is zero.</value>
    public bool IsZero => Amount == 0m;

    /// <summary>Gets whether the amount is below zero.</summary>
    /// <value><see langword="true"/> when <see cref="Amount"/> is negative.</value>
    public bool IsNegative => Amount < 0m;

    /// <summary>Returns zero in the given currency.</summary>
    /// <param name="currency">The currency.</param>
    /// <returns>Zero in <paramref name="currency"/>.</returns>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>Parses an amount written with the invariant culture (<c>"12.30"</c>, <c>"-4"</c>), exactly, as money.</summary>
    /// <param name="amount">The text: an optional sign, digits and an optional decimal point; no thousands separators,
    /// no exponent, no currency symbol.</param>
    /// <param name="currency">The currency of the amount.</param>
    /// <param name="field">The field name used in the error when the text is not an amount.</param>
    /// <returns>The exact amount; <c>"0.1"</c> is exactly one tenth, never a binary approximation.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="amount"/> or <paramref name="field"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="amount"/> is not a finite decimal number
    /// (for example <c>NaN</c>, <c>Infinity</c>, <c>1e5</c> or empty text) or is too large for <see cref="decimal"/>.</exception>
    public static Money Parse(string amount, Currency currency, string field = "amount")
    {
        ArgumentNullException.ThrowIfNull(amount);
        ArgumentNullException.ThrowIfNull(field);
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (!decimal.TryParse(amount, Styles, CultureInfo.InvariantCulture, out var value))
        {
            Preconditions.ThrowInvalid(field, amount, "is not a finite decimal amount");
        }

        return new Money(value, currency);
    }

    /// <summary>Rounds to the currency's minor units with the given rule.</summary>
    /// <param name="mode">How to round: <see cref="MidpointRounding.ToEven"/> (banker's),
    /// <see cref="MidpointRounding.AwayFromZero"/>, or the directed modes <see cref="MidpointRounding.ToZero"/>,
    /// <see cref="MidpointRounding.ToNegativeInfinity"/> (floor) and <see cref="MidpointRounding.ToPositiveInfinity"/> (ceiling).</param>
    /// <returns>The rounded amount in the same currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="mode"/> is not a defined value.</exception>
    public Money Round(MidpointRounding mode) => Round(Currency.MinorUnits, mode);

    /// <summary>Rounds to the given number of decimal places with the given rule.</summary>
    /// <param name="decimals">The number of decimal places, 0 to 28.</param>
    /// <param name="mode">How to round; see <see cref="Round(MidpointRounding)"/>.</param>
    /// <returns>The rounded amount in the same currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="decimals"/> is outside 0..28 or
    /// <paramref name="mode"/> is not a defined value.</exception>
    public Money Round(int decimals, MidpointRounding mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 28);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown rounding mode.");
        }

        return new Money(decimal.Round(Amount, decimals, mode), Currency);
    }

    /// <summary>Returns the absolute value.</summary>
    /// <returns>The amount without its sign, in the same currency.</returns>
    public Money Abs() => new(Math.Abs(Amount), Currency);

    /// <summary>Returns the smaller of two amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The smaller amount.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <summary>Returns the larger of two amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The larger amount.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static Money Max(Money left, Money right) => left >= right ? left : right;

    /// <summary>Returns the amount and currency code, for example <c>12.30 USD</c>, with the invariant culture.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>Formats the amount with <paramref name="format"/> and appends the currency code.</summary>
    /// <param name="format">A standard or custom numeric format for the amount, or <see langword="null"/> for the general format.</param>
    /// <param name="formatProvider">The culture, or <see langword="null"/> for the current culture.</param>
    /// <returns>The text, for example <c>12.30 USD</c>.</returns>
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Amount.ToString(format, formatProvider) + " " + Currency.Code;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(Money other) => Currency == other.Currency && Amount == other.Amount;

    /// <summary>Returns whether <paramref name="obj"/> is money with the same currency and a numerically equal amount.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(Money)"/> (<c>1.0</c> and <c>1.00</c> hash alike).</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>Compares amounts in one currency.</summary>
    /// <param name="other">The amount to compare with.</param>
    /// <returns>A negative number, zero, or a positive number.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public int CompareTo(Money other)
    {
        CheckSameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Money other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type Money.", nameof(obj)),
    };

    /// <summary>Adds two amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns>The sum.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    /// <exception cref="OverflowException">Thrown when the sum is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator +(Money left, Money right)
    {
        CheckSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts one amount from another in the same currency.</summary>
    /// <param name="left">The amount to subtract from.</param>
    /// <param name="right">The amount to subtract.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    /// <exception cref="OverflowException">Thrown when the difference is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator -(Money left, Money right)
    {
        CheckSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Negates an amount.</summary>
    /// <param name="value">The amount.</param>
    /// <returns>The amount with the opposite sign.</returns>
    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    /// <summary>Multiplies an amount by a factor, keeping every decimal place.</summary>
    /// <param name="left">The amount.</param>
    /// <param name="right">The factor.</param>
    /// <returns>The product, not rounded.</returns>
    /// <exception cref="OverflowException">Thrown when the product is outside the range of <see cref="decimal"/>.</exception>
    public static Money operator *(Money left, decimal right) => new(left.Amount * right, left.Currency);

    /// <summary>Divides an amount by a divisor; the result keeps decimal's 28 significant digits and is not rounded to minor units.</summary>
    /// <param name="left">The amount.</param>
    /// <param name="right">The divisor.</param>
    /// <returns>The quotient.</returns>
    /// <exception cref="DivideByZeroException">Thrown when <paramref name="right"/> is zero.</exception>
    public static Money operator /(Money left, decimal right) => new(left.Amount / right, left.Currency);

    /// <summary>Returns whether two values have the same currency and numerically equal amounts.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Returns whether two values differ in currency or amount.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>Compares amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is smaller or equal.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares amounts in one currency.</summary>
    /// <param name="left">The first amount.</param>
    /// <param name="right">The second amount.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is larger or equal.</returns>
    /// <exception cref="CurrencyMismatchException">Thrown when the currencies differ.</exception>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    private static void CheckSameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }
    }
}
