using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using NodaTime;
using Retention.Tests.Infrastructure;
using static Retention.Tests.Model.Samples;

namespace Retention.Tests.Model;

/// <summary>Boundaries and errors that mutation testing found untested (docs/testing.md#mutation-testing).</summary>
public sealed class ModelMutationGapTests
{
    private static readonly Instant Later = PlacedAt + Duration.FromDays(3);

    // NoCoverage: the ==, !=, <, <=, >, >= operators and the IComparable message of OrderId, ProductId, CategoryId,
    // LineItemId, RefundId and EventKey (only CustomerId's were exercised from this namespace).
    [Fact]
    public void IdentifierTypes_FollowTheEqualityAndOrderingContract()
    {
        TestHelper.TestEqualsStruct(new OrderId("a"), new OrderId("a"), new OrderId("A"), new OrderId("b"), default);
        TestHelper.TestCompareToStruct(new OrderId("B"), new OrderId("B"), new OrderId("a"), new OrderId("b"), new OrderId("ba"));
        TestHelper.TestEqualsStruct(new ProductId("a"), new ProductId("a"), new ProductId("A"), new ProductId("b"), default);
        TestHelper.TestCompareToStruct(new ProductId("B"), new ProductId("B"), new ProductId("a"), new ProductId("b"), new ProductId("ba"));
        TestHelper.TestEqualsStruct(new CategoryId("a"), new CategoryId("a"), new CategoryId("A"), new CategoryId("b"), default);
        TestHelper.TestCompareToStruct(new CategoryId("B"), new CategoryId("B"), new CategoryId("a"), new CategoryId("b"), new CategoryId("ba"));
        TestHelper.TestEqualsStruct(new LineItemId("a"), new LineItemId("a"), new LineItemId("A"), new LineItemId("b"), default);
        TestHelper.TestCompareToStruct(new LineItemId("B"), new LineItemId("B"), new LineItemId("a"), new LineItemId("b"), new LineItemId("ba"));
        TestHelper.TestEqualsStruct(new RefundId("a"), new RefundId("a"), new RefundId("A"), new RefundId("b"), default);
        TestHelper.TestCompareToStruct(new RefundId("B"), new RefundId("B"), new RefundId("a"), new RefundId("b"), new RefundId("ba"));
        TestHelper.TestEqualsStruct(new EventKey("a"), new EventKey("a"), new EventKey("A"), new EventKey("b"), default);
        TestHelper.TestCompareToStruct(new EventKey("B"), new EventKey("B"), new EventKey("a"), new EventKey("b"), new EventKey("ba"));
    }

    // NoCoverage/Survived: String mutation of "Object must be of type X." in every IComparable.CompareTo(object).
    [Theory]
    [InlineData(typeof(CustomerId))]
    [InlineData(typeof(OrderId))]
    [InlineData(typeof(ProductId))]
    [InlineData(typeof(CategoryId))]
    [InlineData(typeof(LineItemId))]
    [InlineData(typeof(RefundId))]
    [InlineData(typeof(EventKey))]
    [InlineData(typeof(Currency))]
    [InlineData(typeof(Money))]
    public void CompareToObject_OfAnotherType_NamesTheExpectedType(Type type)
    {
        var value = (IComparable)Activator.CreateInstance(type)!;
        var ex = Assert.Throws<ArgumentException>(() => value.CompareTo("text"));
        Assert.Equal("obj", ex.ParamName);
        Assert.StartsWith("Object must be of type " + type.Name + ".", ex.Message, StringComparison.Ordinal);
    }

    // Survived: String mutations of the two rules in Identifier.Check.
    [Fact]
    public void Identifier_Rules_AreSpelledOut()
    {
        Assert.Equal("Invalid orderId: \" \" must not be empty or white space.", Assert.Throws<InvalidValueException>(() => new OrderId(" ")).Message);
        Assert.Equal("Invalid orderId: \" a\" must not start or end with white space.", Assert.Throws<InvalidValueException>(() => new OrderId(" a")).Message);
    }

    // Survived: String mutations of "USD", "EUR", "GBP", "JPY" and the Add(table, ...) statements of the ISO 4217 table
    // (static initializers: they break every use of Currency, so a test run against them fails at the first use).
    [Fact]
    public void Currency_TableHoldsEveryGroup_AndTheWellKnownCurrencies()
    {
        Assert.Equal(("USD", 2), (Currency.Usd.Code, Currency.Usd.MinorUnits));
        Assert.Equal(("EUR", 2), (Currency.Eur.Code, Currency.Eur.MinorUnits));
        Assert.Equal(("GBP", 2), (Currency.Gbp.Code, Currency.Gbp.MinorUnits));
        Assert.Equal(("JPY", 0), (Currency.Jpy.Code, Currency.Jpy.MinorUnits));
        Assert.Equal(3, Currency.FromCode("kwd").MinorUnits);
        Assert.Equal(4, Currency.FromCode("CLF").MinorUnits);
        Assert.Equal("CLF", Currency.FromCode("clf").Code);
    }

    // Survived: String mutation of the rule "is not a known ISO 4217 currency code".
    [Fact]
    public void Currency_UnknownCode_MessageNamesTheRule()
    {
        var ex = Assert.Throws<InvalidValueException>(() => Currency.FromCode("ABC"));
        Assert.Equal("currency", ex.Field);
        Assert.Equal("Invalid currency: \"ABC\" is not a known ISO 4217 currency code.", ex.Message);
    }

    // Survived: ThrowIfNull(errors) and ThrowIfNull(subject) removed; NoCoverage: the empty-errors throw and its message.
    [Fact]
    public void InvalidConfigurationException_RejectsNullSubjectNullOrEmptyErrors()
    {
        Assert.Equal("errors", Assert.Throws<ArgumentNullException>(() => new InvalidConfigurationException("x", null!)).ParamName);
        Assert.Equal("subject", Assert.Throws<ArgumentNullException>(() => new InvalidConfigurationException(null!, ["e"])).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => new InvalidConfigurationException("x", []));
        Assert.Equal("errors", empty.ParamName);
        Assert.StartsWith("At least one error is required.", empty.Message, StringComparison.Ordinal);
    }

    // Survived: ThrowIfNull(argument, name) removed in InvalidValueException.Check.
    [Fact]
    public void InvalidValueException_RejectsNullParts_NamingThem()
    {
        Assert.Equal("field", Assert.Throws<ArgumentNullException>(() => new InvalidValueException(null!, "v", "r")).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new InvalidValueException("f", null!, "r")).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => new InvalidValueException("f", "v", null!)).ParamName);
    }

    // Survived: ThrowIfNull(services) removed (Any() would throw naming "source"), the marker check inverted
    // (d.ServiceType != marker: returns early once the host registered anything) and AddSingleton<RegistrationMarker> removed.
    [Fact]
    public void AddRetention_AfterHostRegistrations_StillRegistersTheSettings_AndOnlyOnce()
    {
        Assert.Equal("services", Assert.Throws<ArgumentNullException>(() => RetentionServiceCollectionExtensions.AddRetention(null!)).ParamName);

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, "host service");
        services.AddRetention(o => o.StoreCurrency = Currency.Gbp);
        Assert.Contains(services, d => d.ServiceType == typeof(RetentionSettings));
        Assert.Contains(services, d => d.ServiceType == typeof(IClock));

        // The host's service, the registration marker, the clock and the settings.
        Assert.Equal(4, services.Count);
        services.AddRetention();
        Assert.Equal(4, services.Count);
    }

    // Survived: ThrowIfNull(options) removed in RetentionSettings.Create (would be a NullReferenceException).
    [Fact]
    public void RetentionSettings_Create_NullOptions_ThrowsNamingThem()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => RetentionSettings.Create(null!)).ParamName);
    }

    // NoCoverage: every comparison and && of Preconditions.HasNoNegativeComponent.
    [Fact]
    public void HasNoNegativeComponent_IsFalseForAnySingleNegativeComponent()
    {
        Assert.True(Preconditions.HasNoNegativeComponent(Period.Zero));
        Assert.True(Preconditions.HasNoNegativeComponent(
            Period.FromYears(1) + Period.FromMonths(1) + Period.FromWeeks(1) + Period.FromDays(1) + Period.FromHours(1)
            + Period.FromMinutes(1) + Period.FromSeconds(1) + Period.FromMilliseconds(1) + Period.FromTicks(1) + Period.FromNanoseconds(1)));
        Period[] negatives =
        [
            Period.FromYears(-1), Period.FromMonths(-1), Period.FromWeeks(-1), Period.FromDays(-1), Period.FromHours(-1),
            Period.FromMinutes(-1), Period.FromSeconds(-1), Period.FromMilliseconds(-1), Period.FromTicks(-1), Period.FromNanoseconds(-1),
        ];
        foreach (var negative in negatives)
        {
            Assert.False(Preconditions.HasNoNegativeComponent(negative), negative.ToString());
        }
    }

    // NoCoverage: the body of DebugCheckState (compiled out of Release call sites by [Conditional("DEBUG")], so called
    // through reflection here): the negation, the throw and its message.
    [Fact]
    public void DebugCheckState_ThrowsOnlyWhenTheInvariantIsBroken()
    {
        var method = typeof(Preconditions).GetMethod("DebugCheckState", BindingFlags.Static | BindingFlags.NonPublic)!;
        method.Invoke(null, [true, "fine"]);
        var ex = Assert.Throws<TargetInvocationException>(() => method.Invoke(null, [false, "one share per line"]));
        var invalid = Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal("Internal invariant broken: one share per line", invalid.Message);
    }

    // Survived: String mutations of the rules of CustomerAction, and of Render's "null".
    [Fact]
    public void CustomerAction_Rules_AreSpelledOut()
    {
        var ann = new CustomerId("ann");
        var key = new EventKey("e1");
        Assert.Equal("Invalid key: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new CustomerAction(default, ann, ActionKind.SignUp, Later)).Message);
        Assert.Equal("Invalid customerId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new CustomerAction(key, default, ActionKind.SignUp, Later)).Message);
        Assert.Equal("Invalid kind: 99 is not a defined action kind.", Assert.Throws<InvalidValueException>(() => new CustomerAction(key, ann, (ActionKind)99, Later)).Message);
        Assert.Equal("Invalid rating: 6 must be from 1 to 5 for a Review.", Assert.Throws<InvalidValueException>(() => new CustomerAction(key, ann, ActionKind.Review, Later, rating: 6)).Message);
        Assert.Equal("Invalid rating: null must be from 1 to 5 for a Rating.", Assert.Throws<InvalidValueException>(() => new CustomerAction(key, ann, ActionKind.Rating, Later)).Message);
        var noReferred = Assert.Throws<InvalidValueException>(() => new CustomerAction(key, ann, ActionKind.Referral, Later));
        Assert.Equal("null", noReferred.Value);
        Assert.Equal("Invalid referredCustomerId: null must name the referred customer.", noReferred.Message);
        Assert.Equal(
            "Invalid referredCustomerId: \"bob\" must be null for a SocialShare.",
            Assert.Throws<InvalidValueException>(() => new CustomerAction(key, ann, ActionKind.SocialShare, Later, referredCustomerId: new CustomerId("bob"))).Message);
    }

    // Survived: String mutations of the rules of CustomerProfile, and the ThrowIfNull of attribute keys, values and tags.
    [Fact]
    public void CustomerProfile_Rules_AreSpelledOut_AndNullEntriesRejected()
    {
        var id = new CustomerId("C1");
        Assert.Equal("Invalid customerId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new CustomerProfile(default, PlacedAt, DateTimeZone.Utc)).Message);
        Assert.Equal(
            "Invalid consents.channel: 77 is not a defined channel.",
            Assert.Throws<InvalidValueException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, consents: [new ConsentChange((Channel)77, true, PlacedAt)])).Message);
        Assert.Equal(
            "Invalid attributes.key: \" \" must not be empty.",
            Assert.Throws<InvalidValueException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, attributes: new Dictionary<string, string> { [" "] = "x" })).Message);
        Assert.Equal("Invalid tags: \"\" must not be empty.", Assert.Throws<InvalidValueException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, tags: [string.Empty])).Message);

        Assert.Equal("attributes", Assert.Throws<ArgumentNullException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, attributes: new PairDictionary(null!, "x"))).ParamName);
        Assert.Equal("attributes", Assert.Throws<ArgumentNullException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, attributes: new PairDictionary("k", null!))).ParamName);
        Assert.Equal("tags", Assert.Throws<ArgumentNullException>(() => new CustomerProfile(id, PlacedAt, DateTimeZone.Utc, tags: ["vip", null!])).ParamName);
    }

    // Survived: String mutations of the rules of OrderLine, RefundLine and Order; ThrowIfNull(lines); and
    // CheckCurrency removed from Order.CheckAmount (a foreign shipping amount would be accepted).
    [Fact]
    public void OrderAndLine_Rules_AreSpelledOut()
    {
        var usd = Usd(1m);
        Assert.Equal("Invalid lineItemId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new OrderLine(default, new ProductId("P"), 1, usd)).Message);
        Assert.Equal("Invalid productId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new OrderLine(new LineItemId("1"), default, 1, usd)).Message);
        Assert.Equal("Invalid category: \"\" must be assigned when given.", Assert.Throws<InvalidValueException>(() => new OrderLine(new LineItemId("1"), new ProductId("P"), 1, usd, category: default(CategoryId))).Message);
        Assert.Equal("Invalid lineItemId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new RefundLine(default, 1, usd)).Message);
        Assert.Equal("Invalid quantity: 0 must be at least 1.", Assert.Throws<InvalidValueException>(() => new RefundLine(new LineItemId("1"), 0, usd)).Message);

        OrderLine[] lines = [Line("1", 10m)];
        Assert.Equal("lines", Assert.Throws<ArgumentNullException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, null!)).ParamName);
        Assert.Equal("Invalid orderId: \"\" must be assigned.", Assert.Throws<InvalidValueException>(() => new Order(default, null, PlacedAt, Currency.Usd, lines)).Message);
        Assert.Equal("Invalid customerId: \"\" must be assigned when given.", Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), default(CustomerId), PlacedAt, Currency.Usd, lines)).Message);
        Assert.Equal("Invalid status: 9 is not a defined order status.", Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, lines, status: (OrderStatus)9)).Message);
        Assert.Equal("Invalid lines: 0 must hold at least one line.", Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [])).Message);
        Assert.Equal(
            "Invalid lines[1].id: \"1\" is used by another line of the order.",
            Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10m), Line("1", 5m)])).Message);
        Assert.Equal(
            "Invalid orderDiscount: 10.01 USD must not exceed the subtotal 10 USD.",
            Assert.Throws<InvalidValueException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, lines, Usd(10.01m))).Message);
        var foreign = Assert.Throws<CurrencyMismatchException>(() => new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, lines, shipping: new Money(1m, Currency.Eur)));
        Assert.Equal("shipping", foreign.Field);
    }

    // Survived: ThrowIfNull(order/lines/line) removed, the refundId check removed, the shipping and adjustment currency
    // and sign checks removed, and String mutations of every rule of Refund.
    [Fact]
    public void Refund_Rules_AreSpelledOut()
    {
        var order = TwoLineOrder();
        var id = new RefundId("R1");
        Refund Make(Money? shipping = null, Money? adjustment = null, params RefundLine[] lines) => new(id, order, Later, lines, shipping, adjustment);
        RefundLine One(string line, int quantity, decimal amount) => new(new LineItemId(line), quantity, Usd(amount));

        Assert.Equal("order", Assert.Throws<ArgumentNullException>(() => new Refund(id, null!, Later, [])).ParamName);
        Assert.Equal("lines", Assert.Throws<ArgumentNullException>(() => new Refund(id, order, Later, null!)).ParamName);
        Assert.Equal("lines", Assert.Throws<ArgumentNullException>(() => new Refund(id, order, Later, [null!])).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentNullException>(() => Refund.Full(id, null!, Later)).ParamName);

        var unassigned = Assert.Throws<InvalidValueException>(() => new Refund(default, order, Later, []));
        Assert.Equal("refundId", unassigned.Field);
        Assert.Equal("Invalid refundId: \"\" must be assigned.", unassigned.Message);
        Assert.Equal(
            "Invalid refundedAt: 2026-03-14T14:59:59Z must not be before the order was placed at 2026-03-14T15:00:00Z.",
            Assert.Throws<InvalidValueException>(() => new Refund(id, order, PlacedAt - Duration.FromSeconds(1), [])).Message);
        Assert.Equal("Invalid lines[0].lineItemId: \"9\" is not a line of order #1001.", Assert.Throws<InvalidValueException>(() => Make(lines: One("9", 1, 1m))).Message);
        Assert.Equal("Invalid lines[1].lineItemId: \"1\" is refunded twice in one refund.", Assert.Throws<InvalidValueException>(() => Make(null, null, One("1", 1, 1m), One("1", 1, 1m))).Message);
        Assert.Equal("Invalid lines[0].quantity: 2 must not exceed the ordered quantity 1.", Assert.Throws<InvalidValueException>(() => Make(lines: One("2", 2, 1m))).Message);
        Assert.Equal("Invalid lines[0].amount: 36.01 USD must not exceed the line's net amount 36 USD.", Assert.Throws<InvalidValueException>(() => Make(lines: One("1", 1, 36.01m))).Message);

        Assert.Equal("shipping", Assert.Throws<CurrencyMismatchException>(() => Make(shipping: new Money(1m, Currency.Eur))).Field);
        Assert.Equal("adjustment", Assert.Throws<CurrencyMismatchException>(() => Make(adjustment: new Money(1m, Currency.Eur))).Field);
        Assert.Equal("Invalid shipping: -1 USD must not be negative.", Assert.Throws<InvalidValueException>(() => Make(shipping: Usd(-1m))).Message);
        Assert.Equal("Invalid adjustment: -1 USD must not be negative.", Assert.Throws<InvalidValueException>(() => Make(adjustment: Usd(-1m))).Message);
        Assert.Equal("Invalid shipping: 5.01 USD must not exceed the shipping charged 5 USD.", Assert.Throws<InvalidValueException>(() => Make(shipping: Usd(5.01m))).Message);
    }

    // Survived (DiscountAllocation): the tie-break (best = -1 -> +1, best < 0 -> best <= 0, > -> >=, && -> ||):
    // equal lines, the leftover cent goes to the first one.
    [Fact]
    public void FullRefund_LeftoverCent_GoesToTheFirstOfEqualLines()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 20m), Line("2", 20m)], Usd(0.01m));
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal([Usd(20m), Usd(19.99m)], refund.Lines.Select(l => l.Amount));
    }

    // Survived (DiscountAllocation): > -> < (the leftover must go to the largest line, not the smallest).
    [Fact]
    public void FullRefund_LeftoverCent_GoesToTheLargestLine()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10m), Line("2", 20m)], Usd(10m));
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal([Usd(6.66m), Usd(13.34m)], refund.Lines.Select(l => l.Amount));
    }

    // Survived (DiscountAllocation): net - share -> net + share (a line would take more than its room), and
    // visited[best] = true -> false (the second round would pick the full line again: never terminates, a Stryker timeout).
    [Fact]
    public void FullRefund_LeftoverLargerThanOneLinesRoom_SpillsToTheNextLine()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 1m), Line("2", 1m), Line("3", 1m)], Usd(0.01m));
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal([Usd(1m), Usd(1m), Usd(0.99m)], refund.Lines.Select(l => l.Amount));
    }

    // NoCoverage (DiscountAllocation.Share): the overflow fallback amount * (numerator / denominator), its block and
    // its two arithmetic mutations (/ instead of *, numerator * denominator).
    [Fact]
    public void FullRefund_AmountsNearDecimalRange_UseTheRatioFallback()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 1_000_000_000_000_000m), Line("2", 3_000_000_000_000_000m)], Usd(1_000_000_000_000_000m));
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal([Usd(750_000_000_000_000m), Usd(2_250_000_000_000_000m)], refund.Lines.Select(l => l.Amount));
    }

    // Survived (DiscountAllocation): the loop raising the rounding scale to the finest line (i < count -> i > count).
    // Past 28 significant digits the subtotal loses a tiny line's digits, so only the line itself has the scale its
    // share needs.
    [Fact]
    public void FullRefund_TinyLineBesideAHugeOne_KeepsItsOwnScale()
    {
        var order = new Order(new OrderId("1"), null, PlacedAt, Currency.Usd, [Line("1", 10_000_000_000_000_000m), Line("2", 0.0000000000003m)], Usd(1m));
        Assert.Equal(12, order.Subtotal.Amount.Scale);
        var refund = Refund.Full(new RefundId("R1"), order, Later);
        Assert.Equal([9_999_999_999_999_999m, 0.0000000000003m], refund.Lines.Select(l => l.Amount.Amount));
    }

    // Survived: ThrowIfNull(amount), ThrowIfNull(field) in Money.Parse; ThrowIfNegative / ThrowIfGreaterThan in Round
    // (decimal.Round would still throw, but without the actual value); the "Unknown rounding mode." message.
    [Fact]
    public void Money_ParseAndRound_ArgumentErrors_AreTheLibrarys()
    {
        Assert.Equal("amount", Assert.Throws<ArgumentNullException>(() => Money.Parse(null!, Currency.Usd)).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentNullException>(() => Money.Parse("1", Currency.Usd, null!)).ParamName);
        var value = Usd(1m);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => value.Round(-1, MidpointRounding.ToEven));
        Assert.Equal(("decimals", -1), (negative.ParamName, (int)negative.ActualValue!));
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => value.Round(29, MidpointRounding.ToEven));
        Assert.Equal(("decimals", 29), (tooMany.ParamName, (int)tooMany.ActualValue!));
        var mode = Assert.Throws<ArgumentOutOfRangeException>(() => value.Round((MidpointRounding)42));
        Assert.Equal("mode", mode.ParamName);
        Assert.StartsWith("Unknown rounding mode.", mode.Message, StringComparison.Ordinal);
    }

    // Survived: Min/Max conditionals forced and <= -> <, >= -> > (on equal amounts the left operand is returned,
    // visible through its scale).
    [Fact]
    public void Money_MinMax_ReturnTheRightOperand_AndTheLeftOnTies()
    {
        Assert.Equal(Usd(1m), Money.Min(Usd(2m), Usd(1m)));
        Assert.Equal(Usd(2m), Money.Max(Usd(2m), Usd(1m)));
        Assert.Equal(Usd(1m), Money.Min(Usd(1m), Usd(2m)));
        Assert.Equal(Usd(2m), Money.Max(Usd(1m), Usd(2m)));
        Assert.Equal("1.0 USD", Money.Min(Usd(1.0m), Usd(1.00m)).ToString());
        Assert.Equal("1.0 USD", Money.Max(Usd(1.0m), Usd(1.00m)).ToString());
    }

    /// <summary>A read-only dictionary that yields the given pair as is (a <see cref="Dictionary{TKey, TValue}"/> cannot hold a null key).</summary>
    private sealed class PairDictionary(string key, string value) : IReadOnlyDictionary<string, string>
    {
        public int Count => 1;

        public IEnumerable<string> Keys => [key];

        public IEnumerable<string> Values => [value];

        public string this[string k] => value;

        public bool ContainsKey(string k) => k == key;

        public bool TryGetValue(string k, [MaybeNullWhen(false)] out string v)
        {
            v = value;
            return k == key;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            yield return new KeyValuePair<string, string>(key, value);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
