using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Retention;

/// <summary>
/// An ISO 4217 currency: its three-letter code and the number of minor units (decimal places) it is rounded to.
/// </summary>
/// <remarks>
/// <para>Equality and ordering are by code, ordinal. The default value is <c>XXX</c>, ISO 4217's "no currency",
/// with no minor units.</para>
/// <para>Only codes in the library's ISO 4217 table are accepted (active codes plus a few recently withdrawn ones such
/// as <c>HRK</c>, so historic exports still load), and <see cref="FromCode(string)"/> throws
/// <see cref="InvalidValueException"/> for any other text.</para>
/// <para>Thread safety: immutable value type; safe to share between threads.</para>
/// </remarks>
public readonly struct Currency : IEquatable<Currency>, IComparable<Currency>, IComparable
{
    private const string NoCurrencyCode = "XXX";
    private readonly string? _code;
    private readonly byte _minorUnits;

    private Currency(string code, byte minorUnits)
    {
        _code = code;
        _minorUnits = minorUnits;
    }

    /// <summary>Gets the United States dollar (USD, 2 minor units).</summary>
    /// <value>USD.</value>
    public static Currency Usd { get; } = FromCode("USD");

    /// <summary>Gets the euro (EUR, 2 minor units).</summary>
    /// <value>EUR.</value>
    public static Currency Eur { get; } = FromCode("EUR");

    /// <summary>Gets the pound sterling (GBP, 2 minor units).</summary>
    /// <value>GBP.</value>
    public static Currency Gbp { get; } = FromCode("GBP");

    /// <summary>Gets the Japanese yen (JPY, 0 minor units).</summary>
    /// <value>JPY.</value>
    public static Currency Jpy { get; } = FromCode("JPY");

    /// <summary>Gets the ISO 4217 three-letter code.</summary>
    /// <value>Upper case, for example <c>USD</c>; <c>XXX</c> for the default value.</value>
    public string Code => _code ?? NoCurrencyCode;

    /// <summary>Gets the number of decimal places amounts in this currency are rounded to.</summary>
    /// <value>2 for most currencies, 0 for JPY or KRW, 3 for KWD or BHD, 4 for CLF.</value>
    public int MinorUnits => _minorUnits;

    /// <summary>Returns the currency with the given ISO 4217 code.</summary>
    /// <param name="code">A three-letter ISO 4217 code; case is ignored.</param>
    /// <returns>The currency.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="code"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidValueException">Thrown when <paramref name="code"/> is not a known ISO 4217 code.</exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!TryFromCode(code, out var currency))
        {
            Preconditions.ThrowInvalid("currency", code, "is not a known ISO 4217 currency code");
        }

        return currency;
    }

    /// <summary>Looks up the currency with the given ISO 4217 code.</summary>
    /// <param name="code">A three-letter ISO 4217 code; case is ignored.</param>
    /// <param name="currency">The currency when found; otherwise the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="code"/> is a known code.</returns>
    public static bool TryFromCode([NotNullWhen(true)] string? code, out Currency currency)
    {
        if (code is { Length: 3 } && Iso4217.Table.TryGetValue(code, out var entry))
        {
            currency = entry;
            return true;
        }

        currency = default;
        return false;
    }

    /// <summary>Returns the ISO 4217 code.</summary>
    /// <returns>The code, for example <c>EUR</c>.</returns>
    public override string ToString() => Code;

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(Currency other) => string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <summary>Returns whether <paramref name="obj"/> is a currency with the same code.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when the codes are equal.</returns>
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <summary>Returns a hash code of the code.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>Compares codes ordinally.</summary>
    /// <param name="other">The currency to compare with.</param>
    /// <returns>A negative number, zero, or a positive number.</returns>
    public int CompareTo(Currency other) => string.CompareOrdinal(Code, other.Code);

    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        Currency other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type Currency.", nameof(obj)),
    };

    /// <summary>Returns whether two currencies have the same code.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Currency left, Currency right) => left.Equals(right);

    /// <summary>Returns whether two currencies have different codes.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(Currency left, Currency right) => !left.Equals(right);

    /// <summary>Compares codes ordinally.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(Currency left, Currency right) => left.CompareTo(right) < 0;

    /// <summary>Compares codes ordinally.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first or they are equal.</returns>
    public static bool operator <=(Currency left, Currency right) => left.CompareTo(right) <= 0;

    /// <summary>Compares codes ordinally.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(Currency left, Currency right) => left.CompareTo(right) > 0;

    /// <summary>Compares codes ordinally.</summary>
    /// <param name="left">The first currency.</param>
    /// <param name="right">The second currency.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last or they are equal.</returns>
    public static bool operator >=(Currency left, Currency right) => left.CompareTo(right) >= 0;

    /// <summary>The ISO 4217 table: code and minor units.</summary>
    private static class Iso4217
    {
        // Codes with 2 minor units (the common case).
        private const string TwoDecimals =
            "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
            "CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD " +
            "GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD " +
            "MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB " +
            "SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN " +
            "UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";

        private const string ZeroDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF XXX XTS XUA XSU XDR";
        private const string ThreeDecimals = "BHD IQD JOD KWD LYD OMR TND";
        private const string FourDecimals = "CLF UYW";

        internal static readonly FrozenDictionary<string, Currency> Table = Build();

        private static FrozenDictionary<string, Currency> Build()
        {
            var table = new Dictionary<string, Currency>(StringComparer.OrdinalIgnoreCase);
            Add(table, TwoDecimals, 2);
            Add(table, ZeroDecimals, 0);
            Add(table, ThreeDecimals, 3);
            Add(table, FourDecimals, 4);
            return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        private static void Add(Dictionary<string, Currency> table, string codes, byte minorUnits)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                table.Add(code, new Currency(code, minorUnits));
            }
        }
    }
}
