using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Retention.Shopify;
using static Retention.Tests.Shopify.ShopifySamples;

namespace Retention.Tests.Shopify;

/// <summary>Known answers for X-Shopify-Hmac-Sha256, computed outside the code under test.</summary>
public sealed class ShopifyHmacTests
{
    [Fact]
    public void Compute_Rfc4231TestCase2_IsTheKnownDigest()
    {
        // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?") =
        // 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843, here in base64.
        var body = Encoding.ASCII.GetBytes("what do ya want for nothing?");

        Assert.Equal("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", ShopifyHmac.Compute(body, "Jefe"));
        Assert.True(ShopifyHmac.Verify(body, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", "Jefe"));
    }

    [Fact]
    public void Verify_FixtureBody_MatchesTheDigestComputedByPython()
    {
        // python3: base64.b64encode(hmac.new(b'hush', open('order_paid_with_customer.json','rb').read(), hashlib.sha256).digest())
        var body = Fixture(PaidWithCustomer);

        Assert.True(ShopifyHmac.Verify(body, "aEJzHJQEXc4zZUpg0Wzfu6MyFvdIkCtSZe6ItSfJgYc=", "hush"));
        Assert.Equal("aEJzHJQEXc4zZUpg0Wzfu6MyFvdIkCtSZe6ItSfJgYc=", ShopifyHmac.Compute(body, "hush"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOE==")] // 31 bytes
    [InlineData("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEMA")] // 33 bytes
    [InlineData("X9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")] // another digest
    public void Verify_MissingMalformedOrWrongHeader_IsFalse(string? header)
    {
        Assert.False(ShopifyHmac.Verify(Encoding.ASCII.GetBytes("what do ya want for nothing?"), header, "Jefe"));
    }

    [Fact]
    public void Verify_WrongSecret_IsFalse()
    {
        Assert.False(ShopifyHmac.Verify(Encoding.ASCII.GetBytes("what do ya want for nothing?"), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=", "jefe"));
    }

    [Fact]
    public void Property_AnyBody_VerifiesWithTheBclDigest_AndNotAfterFlippingOneBit()
    {
        var cases = from body in ArbMap.Default.GeneratorFor<byte[]>()
                    from bit in Gen.Choose(0, 1 << 20)
                    select (body, bit);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var header = Sign(c.body);
            Assert.True(ShopifyHmac.Verify(c.body, header, Secret));
            Assert.Equal(header, ShopifyHmac.Compute(c.body, Secret));
            if (c.body.Length > 0)
            {
                var tampered = (byte[])c.body.Clone();
                tampered[c.bit / 8 % tampered.Length] ^= (byte)(1 << (c.bit % 8));
                Assert.False(ShopifyHmac.Verify(tampered, header, Secret));
            }
        }).QuickCheckThrowOnFailure();
    }
}
