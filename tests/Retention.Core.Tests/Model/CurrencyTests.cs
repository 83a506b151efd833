using Retention.Tests.Infrastructure;

namespace Retention.Tests.Model;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("eur", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("HRK", 2)]
    public void FromCode_KnownCodes_HaveTheirMinorUnits(string code, int minorUnits)
    {
        var currency = Currency.FromCode(code);
        Assert.Equal(code.ToUpperInvariant(), currency.Code);
        Assert.Equal(minorUnits, currency.MinorUnits);
        Assert.Equal(code.ToUpperInvariant(), currency.ToString());
    }

    [Theory]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData("ABC")]
    [InlineData("")]
    [InlineData("usd ")]
    public void FromCode_UnknownCode_ThrowsNamingTheValue(string code)
    {
        var ex = Assert.Throws<InvalidValueException>(() => Currency.FromCode(code));
        Assert.Equal("currency", ex.Field);
        Assert.Equal("\"" + code + "\"", ex.Value);
        Assert.False(Currency.TryFromCode(code, out var none));
        Assert.Equal(default, none);
    }

    [Fact]
    public void FromCode_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Currency.FromCode(null!));
        Assert.False(Currency.TryFromCode(null, out _));
    }

    [Fact]
    public void Default_IsNoCurrency()
    {
        Currency none = default;
        Assert.Equal("XXX", none.Code);
        Assert.Equal(0, none.MinorUnits);
        Assert.Equal(Currency.FromCode("XXX"), none);
    }

    [Fact]
    public void EqualityAndOrdering_AreOrdinalByCode()
    {
        TestHelper.TestEqualsStruct(Currency.Usd, Currency.FromCode("usd"), Currency.Eur, default);
        TestHelper.TestCompareToStruct(Currency.Eur, Currency.FromCode("EUR"), Currency.Gbp, Currency.Jpy, Currency.Usd);
    }

    [Fact]
    public void WellKnownCurrencies_MatchTheirCodes()
    {
        Assert.Equal("USD", Currency.Usd.Code);
        Assert.Equal("EUR", Currency.Eur.Code);
        Assert.Equal("GBP", Currency.Gbp.Code);
        Assert.Equal("JPY", Currency.Jpy.Code);
    }
}
