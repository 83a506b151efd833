using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Model;

public sealed class MoneyTests
{
    private static readonly Currency Usd = Currency.Usd;
    private static readonly Currency Eur = Currency.Eur;

    [Fact]
    public void Default_IsZeroInNoCurrency()
    {
        Money value = default;
        Assert.Equal(0m, value.Amount);
        Assert.Equal("XXX", value.Currency.Code);
        Assert.True(value.IsZero);
        Assert.Equal("0 XXX", value.ToString());
    }

    [Fact]
    public void Equality_FollowsContract_AndIgnoresScale()
    {
        TestHelper.TestEqualsStruct(
            new Money(1.0m, Usd),
            new Money(1.00m, Usd),
            new Money(1.01m, Usd),
            new Money(1m, Eur),
            default);
    }

    [Fact]
    public void Ordering_FollowsContract_WithinOneCurrency()
    {
        TestHelper.TestCompareToStruct(
            new Money(5m, Usd),
            new Money(5.000m, Usd),
            new Money(5.01m, Usd),
            new Money(1_000_000m, Usd));
    }

    [Fact]
    public void Operators_ComputeExactDecimalResults()
    {
        var price = new Money(19.99m, Usd);
        Assert.Equal(new Money(54.97m, Usd), (price * 3) - new Money(5m, Usd));
        Assert.Equal(new Money(-19.99m, Usd), -price);
        Assert.Equal(new Money(0.3m, Usd), new Money(0.1m, Usd) + new Money(0.2m, Usd));
        Assert.Equal(new Money(6.6633333333333333333333333333m, Usd), price / 3);
        Assert.Equal(new Money(19.99m, Usd), new Money(-19.99m, Usd).Abs());
        Assert.Equal(new Money(1m, Usd), Money.Min(new Money(1m, Usd), new Money(2m, Usd)));
        Assert.Equal(new Money(2m, Usd), Money.Max(new Money(1m, Usd), new Money(2m, Usd)));
    }

    [Fact]
    public void Operators_WithDifferentCurrencies_ThrowNamingBoth()
    {
        var usd = new Money(1m, Usd);
        var eur = new Money(1m, Eur);
        var ex = Assert.Throws<CurrencyMismatchException>(() => usd + eur);
        Assert.Equal(Usd, ex.Expected);
        Assert.Equal(Eur, ex.Actual);
        Assert.Null(ex.Field);
        Assert.Equal("Cannot combine amounts in USD and EUR: convert to one currency first.", ex.Message);
        Assert.Throws<CurrencyMismatchException>(() => usd - eur);
        Assert.Throws<CurrencyMismatchException>(() => usd < eur);
        Assert.Throws<CurrencyMismatchException>(() => usd >= eur);
        Assert.Throws<CurrencyMismatchException>(() => usd.CompareTo(eur));
        Assert.False(usd == eur);
    }

    [Fact]
    public void Addition_Overflow_Throws()
    {
        var max = new Money(decimal.MaxValue, Usd);
        Assert.Throws<OverflowException>(() => max + new Money(1m, Usd));
    }

    [Theory]
    [InlineData(2.345, MidpointRounding.ToEven, 2.34)]
    [InlineData(2.355, MidpointRounding.ToEven, 2.36)]
    [InlineData(2.345, MidpointRounding.AwayFromZero, 2.35)]
    [InlineData(2.349, MidpointRounding.ToZero, 2.34)]
    [InlineData(-2.341, MidpointRounding.ToNegativeInfinity, -2.35)]
    [InlineData(2.341, MidpointRounding.ToPositiveInfinity, 2.35)]
    public void Round_UsesCurrencyMinorUnitsAndTheGivenMode(double amount, MidpointRounding mode, double expected)
    {
        var rounded = new Money((decimal)amount, Usd).Round(mode);
        Assert.Equal(new Money((decimal)expected, Usd), rounded);
    }

    [Fact]
    public void Round_ZeroAndThreeDecimalCurrencies()
    {
        Assert.Equal(new Money(1235m, Currency.Jpy), new Money(1234.5m, Currency.Jpy).Round(MidpointRounding.AwayFromZero));
        var kwd = Currency.FromCode("KWD");
        Assert.Equal(new Money(1.235m, kwd), new Money(1.2345m, kwd).Round(MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void Round_BadArguments_Throw()
    {
        var value = new Money(1m, Usd);
        Assert.Throws<ArgumentOutOfRangeException>(() => value.Round(-1, MidpointRounding.ToEven));
        Assert.Throws<ArgumentOutOfRangeException>(() => value.Round(29, MidpointRounding.ToEven));
        Assert.Throws<ArgumentOutOfRangeException>(() => value.Round((MidpointRounding)42));
    }

    [Theory]
    [InlineData("12.30", 12.30)]
    [InlineData("-4", -4)]
    [InlineData("0.1", 0.1)]
    [InlineData("+7.5", 7.5)]
    public void Parse_ReadsExactDecimals(string text, double expected)
    {
        Assert.Equal(new Money((decimal)expected, Usd), Money.Parse(text, Usd));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e5")]
    [InlineData("")]
    [InlineData("1,000.00")]
    [InlineData("$12")]
    [InlineData("99999999999999999999999999999999")]
    public void Parse_RejectsNonFiniteOrForeignText_NamingFieldAndValue(string text)
    {
        var ex = Assert.Throws<InvalidValueException>(() => Money.Parse(text, Usd, "total_price"));
        Assert.Equal("total_price", ex.Field);
        Assert.Equal("\"" + text + "\"", ex.Value);
        Assert.Equal($"Invalid total_price: \"{text}\" is not a finite decimal amount.", ex.Message);
    }

    [Fact]
    public void ToString_FormatsAmountThenCode()
    {
        Assert.Equal("1,234.50 EUR", new Money(1234.5m, Eur).ToString("N2", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("12.30 USD", new Money(12.30m, Usd).ToString());
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool Addition_IsCommutative(Money a, decimal b)
    {
        var other = new Money(b, a.Currency);
        return a + other == other + a;
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool AddThenSubtract_IsIdentity(Money a, Money b)
    {
        var other = new Money(b.Amount, a.Currency);
        return a + other - other == a;
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool Round_IsIdempotent_AndWithinOneMinorUnit(Money a)
    {
        var once = a.Round(MidpointRounding.ToEven);
        var unit = 1m / (decimal)Math.Pow(10, a.Currency.MinorUnits);
        return once.Round(MidpointRounding.ToEven) == once
            && Math.Abs(once.Amount - a.Amount) <= unit / 2
            && decimal.Round(once.Amount, a.Currency.MinorUnits) == once.Amount;
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool Floor_NeverExceeds_AndCeilingNeverUndercuts(Money a)
    {
        return a.Round(MidpointRounding.ToNegativeInfinity) <= a && a.Round(MidpointRounding.ToPositiveInfinity) >= a;
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool ParseOfInvariantText_RoundTrips(Money a)
    {
        var text = a.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parsed = Money.Parse(text, a.Currency);
        return parsed == a && parsed.Amount.Scale == a.Amount.Scale;
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool EqualValues_HashAlike(Money a)
    {
        var rescaled = new Money(a.Amount * 1.000m, a.Currency);
        return rescaled == a && rescaled.GetHashCode() == a.GetHashCode();
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 300)]
    public Property MixedCurrencies_AlwaysThrow(Money a, Money b)
    {
        return Prop.When(a.Currency != b.Currency, () =>
        {
            Assert.Throws<CurrencyMismatchException>(() => a + b);
            Assert.Throws<CurrencyMismatchException>(() => a - b);
            Assert.Throws<CurrencyMismatchException>(() => a <= b);
            Assert.NotEqual(a, b);
        });
    }

    [Property(Arbitrary = [typeof(RetentionArbitraries)], MaxTest = 500)]
    public bool Ordering_AgreesWithAmounts(Money a, Money b)
    {
        var other = new Money(b.Amount, a.Currency);
        return (a < other) == (a.Amount < other.Amount)
            && (a <= other) == (a.Amount <= other.Amount)
            && (a == other) == (a.Amount == other.Amount);
    }
}
