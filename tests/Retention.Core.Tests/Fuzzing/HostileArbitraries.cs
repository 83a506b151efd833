using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Retention.Loyalty;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Fuzzing;

/// <summary>
/// Hostile generators for the fuzz properties: boundary and out-of-range numbers, bad identifiers, instants at the edges
/// of time, and raw story steps that the properties turn into events (building an event may itself be rejected).
/// </summary>
public static class HostileArbitraries
{
    /// <summary>Decimal amounts from the ordinary generator mixed with huge, tiny, negative and high-scale ones.</summary>
    public static Gen<decimal> HostileAmount { get; } = Gen.Frequency(
        (6, RetentionArbitraries.AmountGen),
        (1, Gen.Elements(decimal.MaxValue, decimal.MaxValue / 3m, 7.9e27m, 1e20m, 9.3e18m, 9_223_372_036_854_775_807m, 4.6e18m)),
        (1, Gen.Elements(-0.01m, -1m, decimal.MinValue, 0.0000000000000000000000000001m, 1.23456789012345678901234567m)),
        (1, Gen.Choose(0, int.MaxValue).Select(v => v * 1_000_000_000m)));

    /// <summary>Points values: ordinary, zero, negative, and close to the 64-bit limits.</summary>
    public static Gen<long> HostilePoints { get; } = Gen.Frequency(
        (5, Gen.Choose(-500, 500).Select(v => (long)v)),
        (1, Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue + 1, long.MaxValue / 2, -(long.MaxValue / 2), long.MaxValue - 1, 4_611_686_018_427_387_904L)),
        (1, Gen.Choose(0, int.MaxValue).Select(v => (long)v * 1_000_000_000L)));

    /// <summary>Identifier text: ordinary ids from a small pool (so duplicates are common) and invalid ones.</summary>
    public static Gen<string> HostileId { get; } = Gen.Frequency(
        (8, Gen.Choose(0, 5).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Elements(string.Empty, " ", "\t", " c1", "c1 ", "\0", "é", "𝔘", new string('x', 300), "c1\r\n")));

    /// <summary>Gaps between events in hours: mostly forward, sometimes backwards, sometimes years.</summary>
    public static Gen<long> HostileGapHours { get; } = Gen.Frequency(
        (6, Gen.Choose(0, 72).Select(v => (long)v)),
        (2, Gen.Choose(-200, -1).Select(v => (long)v)),
        (1, Gen.Choose(1000, 200_000).Select(v => (long)v)));

    /// <summary>Instants that sometimes leave the ordinary range: the edges of NodaTime's range and far-future years.</summary>
    public static Gen<Instant?> EdgeInstant { get; } = Gen.Frequency(
        (12, Gen.Constant<Instant?>(null)),
        (1, Gen.Elements<Instant?>(
            Instant.MaxValue,
            Instant.MaxValue - Duration.FromDays(1),
            Instant.MaxValue - Duration.FromDays(400),
            Instant.FromUtc(9999, 12, 31, 23, 59),
            Instant.FromUtc(9998, 6, 1, 0, 0),
            Instant.FromUtc(3000, 1, 1, 0, 0),
            Instant.MinValue,
            Instant.MinValue + Duration.FromDays(1),
            Instant.FromUtc(1, 1, 1, 0, 0),
            Instant.FromUtc(1970, 1, 1, 0, 0))));

    /// <summary>The zones the hostile programs use: DST gaps at midnight, a skipped day, half-hour DST.</summary>
    public static readonly DateTimeZone[] Zones =
    [
        DateTimeZoneProviders.Tzdb["America/New_York"],
        DateTimeZoneProviders.Tzdb["America/Sao_Paulo"],
        DateTimeZoneProviders.Tzdb["Europe/London"],
        DateTimeZoneProviders.Tzdb["Pacific/Apia"],
        DateTimeZoneProviders.Tzdb["Australia/Lord_Howe"],
        DateTimeZoneProviders.Tzdb["Asia/Tehran"],
        DateTimeZone.Utc,
    ];

    /// <summary>One raw step of a hostile story; <see cref="LedgerFuzzProperties"/> turns it into an event.</summary>
    public sealed record HostileStep(int Kind, string Customer, string Other, long GapHours, Instant? Edge, decimal Amount, decimal Amount2, long Points, int Target, bool Flag)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind}:{Customer}/{Other} +{GapHours}h {Edge} {Amount} {Amount2} {Points} t{Target} {Flag}");
    }

    /// <summary>Raw hostile steps.</summary>
    public static Gen<HostileStep> StepGen { get; } =
        from kind in Gen.Choose(0, 15)
        from customer in HostileId
        from other in HostileId
        from gap in HostileGapHours
        from edge in EdgeInstant
        from amount in HostileAmount
        from amount2 in HostileAmount
        from points in HostilePoints
        from target in Gen.Choose(0, 1000)
        from flag in ArbMap.Default.GeneratorFor<bool>()
        select new HostileStep(kind, customer, other, gap, edge, amount, amount2, points, target, flag);

    /// <summary>Hostile programs: huge rates, huge bonuses and rewards, caps, every expiry and clawback kind, zones with DST gaps, tiers.</summary>
    public static Gen<PointsProgram> ProgramGen { get; } =
        from rate in Gen.Elements(1m, 0.5m, 2.75m, 1000m, 1_000_000m, 0.0001m)
        from rounding in Gen.Elements(Enum.GetValues<PointsRounding>())
        from scope in Gen.Elements(Enum.GetValues<RoundingScope>())
        from window in Gen.Elements(Period.Zero, Period.FromDays(7), Period.FromMonths(1))
        from expiry in Gen.Elements(PointsExpiry.Never, PointsExpiry.AfterEarning(1), PointsExpiry.AfterEarning(12), PointsExpiry.AfterInactivity(1))
        from clawback in Gen.Elements(Enum.GetValues<ClawbackPolicy>())
        from dayCap in Gen.Elements<Points?>(null, new Points(150), new Points(long.MaxValue))
        from monthCap in Gen.Elements<Points?>(null, new Points(long.MaxValue - 1))
        from bonus in Gen.Elements(50L, long.MaxValue, long.MaxValue / 2)
        from cost in Gen.Elements(100L, long.MaxValue)
        from zone in Gen.Elements(Zones)
        from tiers in Gen.Elements(0, 1, 2)
        from birthday in Gen.Elements(Enum.GetValues<BirthdayMode>())
        select PointsProgram.CreateBuilder("Hostile", Currency.Usd, zone)
            .EarnPerUnit(rate, rounding, scope)
            .CategoryMultiplier(new CategoryId("home"), 2m)
            .ReturnWindow(window)
            .Expiry(expiry)
            .Clawback(clawback)
            .MaxPerDay(dayCap)
            .MaxPerMonth(monthCap)
            .Birthday(birthday)
            .Tiers(tiers switch
            {
                0 => null,
                1 => Ladder(TierBasis.Spend, QualificationWindow.RollingMonths(12)),
                _ => Ladder(TierBasis.Points, QualificationWindow.CalendarYear),
            })
            .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(bonus), oncePerCustomer: true))
            .Bonus(new ActionBonus(BonusTrigger.Review, new Points(10), maxPerDay: 1))
            .Bonus(new ActionBonus(BonusTrigger.FirstOrder, new Points(bonus == 50L ? 25L : bonus)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferrer, new Points(30)))
            .Bonus(new ActionBonus(BonusTrigger.ReferralReferee, new Points(bonus)))
            .Bonus(new ActionBonus(BonusTrigger.Birthday, new Points(40)))
            .Reward(Reward.FreeShipping("r100", new Points(100)))
            .Reward(Reward.FreeShipping("rbig", new Points(cost)))
            .Build();

    private static TierLadder Ladder(TierBasis basis, QualificationWindow window) => new(
        basis,
        window,
        [
            new Tier("L0", 0m),
            new Tier("L1", 100m, new TierBenefits { EarningMultiplier = 1.5m }),
            new Tier("L2", 1e15m, new TierBenefits { EarningMultiplier = 3m, BirthdayPoints = new Points(long.MaxValue / 4) }),
        ],
        Period.FromMonths(1));
}
