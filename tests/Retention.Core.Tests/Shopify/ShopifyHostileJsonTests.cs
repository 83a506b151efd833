using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Loyalty;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>
/// Malformed, truncated and hostile bodies: each gives a <see cref="ShopifyPayloadException"/> naming the path (or, for
/// a body that is still a valid payload, a result), never another exception, and never a change to the ledger.
/// </summary>
public sealed class ShopifyHostileJsonTests
{
    public static TheoryData<string> Fixtures => new(All);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Handle_EveryTruncationOfAFixture_IsMalformedAndChangesNothing(string fixture)
    {
        var body = Fixture(fixture);
        var topic = fixture == RefundTwoLines ? ShopifyTopics.RefundsCreate : ShopifyTopics.OrdersUpdated;
        var handler = Primed();
        var before = Snapshot(handler.Ledger);
        var complete = Encoding.UTF8.GetString(body).TrimEnd().Length;

        for (var length = 0; length < complete; length++)
        {
            var prefix = body.AsMemory(0, length).ToArray();
            var result = handler.Handle(topic, prefix, Sign(prefix), "w-" + length);

            Assert.True(result.Status == ShopifyWebhookStatus.Malformed, $"length {length}: {result}");
            Assert.StartsWith("$", result.Error!.Path, StringComparison.Ordinal);
            // A cut inside a multi-byte character ("Léon, Noël") is caught before parsing, as invalid UTF-8.
            Assert.Matches(length == 0 ? "malformed JSON: The input does not contain any JSON tokens" : "malformed JSON|the body is not valid UTF-8", result.Error.Message);
        }

        Assert.Equal(before, Snapshot(handler.Ledger));
    }

    [Fact]
    public void Handle_EveryTruncationOfACustomerPayload_IsMalformedAndPaysNoBonus()
    {
        var body = Bytes("""{"id": 706405506930370084, "created_at": "2026-03-01T10:00:00-05:00", "tags": "Léon, Noël", "email_marketing_consent": {"state": "subscribed", "consent_updated_at": null}}""");
        var handler = Handler(UsdProgram(signUpBonus: new Points(50)));

        for (var length = 0; length < body.Length; length++)
        {
            var prefix = body[..length];
            var result = handler.Handle(ShopifyTopics.CustomersCreate, prefix, Sign(prefix), "w-" + length);

            Assert.True(result.Status == ShopifyWebhookStatus.Malformed, $"length {length}: {result}");
        }

        Assert.Equal(0, handler.Ledger.CustomerCount);
        Assert.Equal("Applied +50 pts", handler.Handle(ShopifyTopics.CustomersCreate, body, Sign(body), "w-full").ToString());
    }

    [Fact]
    public void Handle_TruncatedInsideALineItemPrice_NamesThatPath()
    {
        var text = Encoding.UTF8.GetString(Fixture(PaidWithCustomer));
        var cut = text.IndexOf("\"price\": \"199", StringComparison.Ordinal) + "\"price\": \"19".Length;

        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Encoding.UTF8.GetBytes(text[..cut])));

        Assert.Equal("$.line_items[0].price", e.Path);
        Assert.Equal("Invalid Shopify payload at $.line_items[0].price: malformed JSON: Expected end of string, but instead reached end of data (line 208, byte 19).", e.Message);
    }

    [Property(MaxTest = 300)]
    public void Handle_RandomByteMutationsOfAFixture_GiveAResultOrTheDocumentedError_AndMalformedChangesNothing(NonNegativeInt seed, byte value, bool insert)
    {
        // Not a FsCheck-skipped test when ../shared is absent: PathTo skips it with the reason.
        var fixture = All[seed.Get % All.Length];
        var body = Fixture(fixture).ToList();
        var at = seed.Get % body.Count;
        if (insert)
        {
            body.Insert(at, value);
        }
        else
        {
            body[at] = value;
        }

        var mutated = body.ToArray();
        var handler = Primed();
        var before = Snapshot(handler.Ledger);
        var topic = fixture == RefundTwoLines ? ShopifyTopics.RefundsCreate : ShopifyTopics.OrdersUpdated;

        var result = handler.Handle(topic, mutated, Sign(mutated), "w-mutated");

        Assert.True(Enum.IsDefined(result.Status));
        Assert.NotEqual(ShopifyWebhookStatus.Unauthorized, result.Status);
        if (result.Status == ShopifyWebhookStatus.Malformed)
        {
            Assert.StartsWith("$", result.Error!.Path, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(handler.Ledger));
        }
    }

    [Property(MaxTest = 200)]
    public void Parse_RandomCutAndSplice_NeverThrowsAnythingButThePayloadError(NonNegativeInt a, NonNegativeInt b)
    {
        var body = Fixture(PartiallyRefunded);
        var start = a.Get % body.Length;
        var length = b.Get % (body.Length - start);
        // Drop a slice from the middle: often still JSON, often of the wrong shape.
        var spliced = body.AsSpan(0, start).ToArray().Concat(body.AsSpan(start + length).ToArray()).ToArray();

        try
        {
            var payload = ShopifyOrder.Parse(spliced);
            Assert.Equal(payload.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), payload.Order.Id.Value);
            Assert.NotEmpty(payload.Order.Lines);
        }
        catch (ShopifyPayloadException e)
        {
            Assert.StartsWith("$", e.Path, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"id": 1e400}""", "$.id", "1e400", "is not an identifier (a whole number from 1 to 9223372036854775807)")]
    [InlineData("""{"id": 99999999999999999999}""", "$.id", "99999999999999999999", "is not an identifier (a whole number from 1 to 9223372036854775807)")]
    [InlineData("""{"id": 1.5}""", "$.id", "1.5", "is not an identifier (a whole number from 1 to 9223372036854775807)")]
    [InlineData("""{"id": -3}""", "$.id", "-3", "is not an identifier (a whole number from 1 to 9223372036854775807)")]
    [InlineData("""{"id": "1001"}""", "$.id", "\"1001\"", "is a string, expected an integer identifier")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "NaN"}]}""", "$.line_items[0].price", "\"NaN\"", "is not a finite decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "Infinity"}]}""", "$.line_items[0].price", "\"Infinity\"", "is not a finite decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "1e5"}]}""", "$.line_items[0].price", "\"1e5\"", "is not a finite decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "1,000.00"}]}""", "$.line_items[0].price", "\"1,000.00\"", "is not a finite decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "99999999999999999999999999999999"}]}""", "$.line_items[0].price", "\"99999999999999999999999999999999\"", "is not a finite decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": 1e400}]}""", "$.line_items[0].price", "1e400", "is too large for a decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": "-1.00"}]}""", "$.line_items[0].price", "\"-1.00\"", "must not be negative")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1, "price": true}]}""", "$.line_items[0].price", "true", "is a boolean, expected a decimal amount")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 0, "price": "1.00"}]}""", "$.line_items[0].quantity", "0", "is not a whole number from 1 to 2147483647")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 3000000000, "price": "1.00"}]}""", "$.line_items[0].quantity", "3000000000", "is not a whole number from 1 to 2147483647")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 1}]}""", "$.line_items[0].price", null, "is missing but required")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": []}""", "$.line_items", "[]", "must hold at least one line item")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": {}}""", "$.line_items", "{}", "is an object, expected an array")]
    [InlineData("""{"id": 1001, "currency": "USD", "line_items": []}""", "$.created_at", null, "is missing but required")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": null}""", "$.created_at", null, "is null but required")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-13-01T10:00:00Z"}""", "$.created_at", "\"2026-13-01T10:00:00Z\"", "is not an ISO 8601 date-time with an offset")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00"}""", "$.created_at", "\"2026-03-01T10:00:00\"", "is not an ISO 8601 date-time with an offset")]
    [InlineData("""{"id": 1001, "currency": "XYZ"}""", "$.currency", "\"XYZ\"", "is not a known ISO 4217 currency code")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "customer": "bob"}""", "$.customer", "\"bob\"", "is a string, expected an object")]
    [InlineData("""{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "customer": {"id": 2}, "test": "yes"}""", "$.test", "\"yes\"", "is a string, expected true or false")]
    [InlineData("""[1, 2]""", "$", "[1, 2]", "is an array, expected an object")]
    public void Parse_HostileOrder_NamesThePathAndValue(string json, string path, string? value, string problem)
    {
        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Bytes(json)));

        Assert.Equal((path, value, problem), (e.Path, e.Value, e.Problem));
    }

    [Fact]
    public void Parse_DeepNesting_IsMalformedAtTheDepthLimit()
    {
        var deep = """{"id": 1001, "note_attributes": """ + new string('[', 100) + new string(']', 100) + "}";

        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Bytes(deep)));

        Assert.StartsWith("$.note_attributes[0][0][0]", e.Path, StringComparison.Ordinal);
        Assert.Contains("maximum configured depth of 64", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateProperty_IsMalformed()
    {
        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Bytes("""{"id": 1001, "id": 1002}""")));

        Assert.Equal("$", e.Path);
        Assert.StartsWith("malformed JSON: ", e.Problem, StringComparison.Ordinal);
        Assert.Contains("id", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsMalformed()
    {
        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }));

        Assert.Equal("Invalid Shopify payload at $: the body is not valid UTF-8.", e.Message);
    }

    [Theory]
    [InlineData("""{"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal": 1e400}]}""", "$.refund_line_items[0].subtotal", "1e400")]
    [InlineData("""{"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal": "NaN"}]}""", "$.refund_line_items[0].subtotal", "\"NaN\"")]
    [InlineData("""{"id": 9, "order_id": "1001", "created_at": "2026-03-05T10:00:00Z"}""", "$.order_id", "\"1001\"")]
    [InlineData("""{"id": 9, "order_id": 1001, "created_at": "2026-03-05T10:00:00Z", "refund_line_items": [{"line_item_id": 1, "quantity": 1, "subtotal_set": {"shop_money": {"amount": "1.00"}}}]}""", "$.refund_line_items[0].subtotal_set.shop_money.currency_code", null)]
    public void Parse_HostileRefund_NamesThePath(string json, string path, string? value)
    {
        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyRefund.Parse(Bytes(json)));

        Assert.Equal((path, value), (e.Path, e.Value));
    }

    [Fact]
    public void Parse_AmountsThatOverflowWhenMultiplied_AreAPayloadError()
    {
        var json = """{"id": 1001, "currency": "USD", "created_at": "2026-03-01T10:00:00Z", "line_items": [{"id": 1, "quantity": 2000000000, "price": "79228162514264337593543950335"}]}""";

        var e = Assert.Throws<ShopifyPayloadException>(() => ShopifyOrder.Parse(Bytes(json)));

        Assert.Equal("$", e.Path);
        Assert.IsType<OverflowException>(e.InnerException);
    }

    /// <summary>A handler whose ledger already holds Shopify's example order 1073459964, so "nothing changed" is checked against a non-empty ledger.</summary>
    private static ShopifyWebhookHandler Primed()
    {
        var handler = Handler();
        Assert.Equal(ShopifyWebhookStatus.Applied, handler.Deliver(ShopifyTopics.OrdersCreate, Fixture(PaidWithCustomer), "w-primed").Status);
        return handler;
    }
}
