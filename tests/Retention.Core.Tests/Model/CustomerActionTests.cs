using NodaTime;

namespace Retention.Tests.Model;

public sealed class CustomerActionTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 5, 1, 9, 0);
    private static readonly CustomerId Ann = new("ann");
    private static readonly CustomerId Bob = new("bob");

    [Theory]
    [InlineData(ActionKind.Review)]
    [InlineData(ActionKind.Rating)]
    [InlineData(ActionKind.PhotoReview)]
    public void RatedKinds_NeedARatingFromOneToFive(ActionKind kind)
    {
        Assert.Equal(5, new CustomerAction(new EventKey("e1"), Ann, kind, At, rating: 5).Rating);
        Assert.Equal(1, new CustomerAction(new EventKey("e1"), Ann, kind, At, rating: 1).Rating);
        foreach (int? bad in new int?[] { null, 0, 6, -1 })
        {
            var ex = Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e1"), Ann, kind, At, rating: bad));
            Assert.Equal("rating", ex.Field);
        }
    }

    [Fact]
    public void UnratedKinds_RejectARating()
    {
        var ex = Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e1"), Ann, ActionKind.SignUp, At, rating: 3));
        Assert.Equal("Invalid rating: 3 must be null for a SignUp.", ex.Message);
    }

    [Fact]
    public void Referral_NeedsAnotherCustomer()
    {
        var referral = new CustomerAction(new EventKey("e1"), Ann, ActionKind.Referral, At, referredCustomerId: Bob);
        Assert.Equal(Bob, referral.ReferredCustomerId);
        Assert.Equal("referredCustomerId", Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e1"), Ann, ActionKind.Referral, At)).Field);
        var self = Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e1"), Ann, ActionKind.Referral, At, referredCustomerId: Ann));
        Assert.Equal("Invalid referredCustomerId: \"ann\" must not be the referring customer.", self.Message);
        Assert.Equal("referredCustomerId", Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e1"), Ann, ActionKind.SocialShare, At, referredCustomerId: Bob)).Field);
    }

    [Fact]
    public void KeyCustomerAndKind_AreChecked()
    {
        Assert.Equal("key", Assert.Throws<InvalidValueException>(() => new CustomerAction(default, Ann, ActionKind.SignUp, At)).Field);
        Assert.Equal("customerId", Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e"), default, ActionKind.SignUp, At)).Field);
        Assert.Equal("kind", Assert.Throws<InvalidValueException>(() => new CustomerAction(new EventKey("e"), Ann, (ActionKind)99, At)).Field);
        var share = new CustomerAction(new EventKey("e"), Ann, ActionKind.SocialShare, At, reference: "https://example.test/p/1");
        Assert.Equal("https://example.test/p/1", share.Reference);
        Assert.Equal(At, share.OccurredAt);
    }
}
