using NodaTime;
using Retention.Loyalty;
using Retention.Referrals;

namespace Retention.Tests.Referrals;

/// <summary>The referral program of docs/engagement.md: a New York store, $50 minimum, 30-day return window.</summary>
internal static class ReferralSamples
{
    internal static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];
    internal static readonly CustomerId Alice = new("alice");
    internal static readonly CustomerId Bob = new("bob");
    internal static readonly CustomerId Carol = new("carol");
    internal static readonly CustomerId Dave = new("dave");
    internal static readonly ReferralIdentity AliceIdentity = new("e-alice", "a-alice", "p-alice");

    internal static Instant Local(int year, int month, int day, int hour = 12) =>
        NewYork.AtLeniently(new LocalDateTime(year, month, day, hour, 0)).ToInstant();

    internal static Money Usd(decimal amount) => new(amount, Currency.Usd);

    internal static ReferralPolicy Policy(int? perWeek = 3, int? cap = 2) =>
        new(NewYork, Usd(50m), Period.FromDays(30), perWeek, cap, new ReferralCodeGenerator("demo-seed"));

    internal static Order Order(string id, CustomerId customer, Instant at, decimal amount) =>
        new(new OrderId(id), customer, at, Currency.Usd, [new OrderLine(new LineItemId(id + "-1"), new ProductId("p"), 1, Usd(amount))]);

    internal static Refund Refund(string id, Order order, Instant at, decimal amount) =>
        new(new RefundId(id), order, at, [new RefundLine(order.Lines[0].Id, 1, Usd(amount))]);

    /// <summary>The loyalty program paying 500 points to the referrer and 250 to the referred customer.</summary>
    internal static PointsProgram Points() =>
        PointsProgram.CreateBuilder("Stars", Currency.Usd, NewYork)
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(500)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(250), oncePerCustomer: true))
            .ReturnWindow(Period.FromDays(30))
            .Build();
}
