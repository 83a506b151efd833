using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Retention.Loyalty;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Serialization;

/// <summary>
/// FsCheck generators for valid points programs built through the builder: every setting, with text that needs escaping,
/// decimals of several scales, boundary caps, all enum values, periods with every component, sub-second campaign
/// times, and tier ladders (or none) with every window kind, thresholds a tiny or a whole step apart and grace periods
/// up to the window's length.
/// </summary>
public static class PointsProgramArbitraries
{
    private static readonly string[] Zones =
        ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];

    private static readonly string[] Texts =
        ["Stars", "Café ☕", "quote \" and \\ backslash", "tab\tand\nnewline", "<b>&amp;</b> +1", "日本語", "emoji 🎉", "a"];

    /// <summary>Gets valid programs.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<PointsProgram> AnyProgram() => ProgramGen.ToArbitrary();

    /// <summary>Text with no leading or trailing white space, not empty: names, ids and tiers.</summary>
    private static Gen<string> TextGen { get; } = Gen.Frequency(
        (3, Gen.Elements(Texts)),
        (2, from length in Gen.Choose(1, 12)
            from chars in Gen.ArrayOf(Gen.Elements("abcXYZ019-_./ é\"\\☆".ToCharArray()), length)
            let text = new string(chars).Trim()
            select text.Length == 0 ? "x" : text),
        (1, Gen.Choose(0, 999).Select(i => "id-" + i.ToString(CultureInfo.InvariantCulture))));

    /// <summary>A non-negative decimal of up to <paramref name="max"/> whole units with 0 to 4 decimal places, keeping
    /// its scale (<c>1.50</c> and <c>1.5</c> both occur).</summary>
    private static Gen<decimal> ScaledGen(int maxUnits) =>
        from scale in Gen.Choose(0, 4)
        from units in Gen.Choose(0, maxUnits)
        let value = new decimal(units, 0, 0, false, (byte)scale)
        select value;

    private static Gen<decimal> PositiveGen(decimal max) => Gen.Frequency(
        (1, Gen.Elements(1m, 1.0m, max, 0.0001m)),
        (4, ScaledGen(int.MaxValue).Select(d => d % max).Where(d => d > 0m)));

    private static Gen<Points> PointsGen { get; } = Gen.Frequency(
        (1, Gen.Elements(new Points(1), new Points(long.MaxValue))),
        (4, Gen.Choose(1, int.MaxValue).Select(v => new Points(v))));

    private static Gen<Points?> CapGen { get; } = Gen.Frequency(
        (1, Gen.Constant<Points?>(null)),
        (2, PointsGen.Select(p => (Points?)p)));

    private static Gen<int?> CountGen { get; } = Gen.Frequency(
        (2, Gen.Constant<int?>(null)),
        (1, Gen.Elements<int?>(1, int.MaxValue)),
        (2, Gen.Choose(1, 100).Select(v => (int?)v)));

    private static Gen<bool> BoolGen { get; } = ArbMap.Default.GeneratorFor<bool>();

    private static Gen<Period> PeriodGen { get; } = Gen.Frequency(
        (1, Gen.Elements(Period.Zero, Period.FromDays(30), Period.FromWeeks(2), Period.FromHours(36))),
        (3, from years in Gen.Choose(0, 3)
            from months in Gen.Choose(0, 14)
            from weeks in Gen.Choose(0, 5)
            from days in Gen.Choose(0, 40)
            from hours in Gen.Choose(0, 50)
            from minutes in Gen.Choose(0, 90)
            from seconds in Gen.Choose(0, 90)
            from milliseconds in Gen.Choose(0, 1500)
            from ticks in Gen.Choose(0, 20_000)
            from nanoseconds in Gen.Choose(0, 2_000)
            select new PeriodBuilder
            {
                Years = years, Months = months, Weeks = weeks, Days = days, Hours = hours, Minutes = minutes,
                Seconds = seconds, Milliseconds = milliseconds, Ticks = ticks, Nanoseconds = nanoseconds,
            }.Build()));

    private static Gen<LocalDateTime> LocalDateTimeGen { get; } =
        from seconds in Gen.Choose(0, int.MaxValue)
        from nanoseconds in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, 999_999_999)))
        select new LocalDateTime(2000, 1, 1, 0, 0).PlusSeconds(seconds).PlusNanoseconds(nanoseconds);

    private static Gen<Campaign> CampaignGen { get; } =
        from name in TextGen
        from start in LocalDateTimeGen
        from length in Gen.Choose(1, 100_000_000)
        from multiplier in PositiveGen(1000m)
        select new Campaign(name, start, start.PlusSeconds(length), multiplier);

    private static Gen<ActionBonus> BonusGen(BonusTrigger trigger) =>
        from points in PointsGen
        from once in BoolGen
        from maxPerDay in CountGen
        from maxPerMonth in CountGen
        select new ActionBonus(trigger, points, once, maxPerDay, maxPerMonth);

    private static Gen<Reward> RewardGen(string id, Currency currency) =>
        from cost in PointsGen
        from reward in Gen.OneOf(
            PositiveGen(1_000_000m).Select(amount => Reward.AmountOff(id, cost, new Money(amount, currency))),
            PositiveGen(100m).Select(percent => Reward.PercentOff(id, cost, percent)),
            Gen.Constant(Reward.FreeShipping(id, cost)),
            TextGen.Select(product => Reward.FreeProduct(id, cost, new ProductId(product))))
        select reward;

    private static Gen<PointsExpiry> ExpiryGen { get; } = Gen.OneOf(
        Gen.Constant(PointsExpiry.Never),
        Gen.OneOf(Gen.Elements(1, 12, 1200), Gen.Choose(1, 1200)).Select(PointsExpiry.AfterEarning),
        Gen.Choose(1, 1200).Select(PointsExpiry.AfterInactivity));

    /// <summary>A return window and an expiry rule that the builder accepts together (the window must end before points
    /// earned after it expire); the builder itself is asked, so the test does not copy its rule.</summary>
    private static Gen<(Period Window, PointsExpiry Expiry)> TimingGen { get; } =
        (from window in PeriodGen
         from expiry in ExpiryGen
         select (window, expiry))
        .Where(t => Accepts(t.window, t.expiry));

    private static bool Accepts(Period window, PointsExpiry expiry)
    {
        try
        {
            PointsProgram.CreateBuilder("x", Currency.Usd, DateTimeZone.Utc).ReturnWindow(window).Expiry(expiry).Build();
            return true;
        }
        catch (InvalidConfigurationException)
        {
            return false;
        }
    }

    private static Gen<QualificationWindow> WindowGen { get; } = Gen.OneOf(
        Gen.Elements(QualificationWindow.Lifetime, QualificationWindow.CalendarYear, QualificationWindow.MembershipYear),
        Gen.Frequency((1, Gen.Elements(1, 12, 120)), (2, Gen.Choose(1, 120))).Select(QualificationWindow.RollingMonths));

    /// <summary>A grace period for the window: often none or a few days, sometimes just under or at the window's
    /// length. One the ladder rejects becomes zero; the ladder itself is asked, so the test does not copy its rule.</summary>
    private static Gen<Period> GraceGen(QualificationWindow window)
    {
        var months = window.Kind == QualificationWindowKind.RollingMonths ? window.Months : 12;
        return Gen.Frequency(
                (2, Gen.Constant(Period.Zero)),
                (2, Gen.Choose(1, 40).Select(Period.FromDays)),
                (1, PeriodGen),
                (1, Gen.Choose(0, months - 1).Select(Period.FromMonths)),
                (1, Gen.Elements(27, 28).Select(days => Period.FromMonths(months - 1) + Period.FromDays(days))))
            .Select(grace => Fits(window, grace) ? grace : Period.Zero);
    }

    private static bool Fits(QualificationWindow window, Period grace)
    {
        try
        {
            _ = new TierLadder(TierBasis.Points, window, [new Tier("x", 0m)], grace);
            return true;
        }
        catch (InvalidConfigurationException)
        {
            return false;
        }
    }

    /// <summary>The step from one threshold to the next: the smallest, exactly one, or a random amount.</summary>
    private static Gen<decimal> StepGen { get; } = Gen.Frequency(
        (2, Gen.Elements(0.0001m, 1m, 1.0m)),
        (3, ScaledGen(100_000_000).Where(d => d > 0m)));

    private static Gen<TierBenefits> BenefitsGen { get; } =
        from multiplier in Gen.Frequency((2, Gen.Constant(1m)), (3, PositiveGen(1000m)))
        from flags in Gen.ArrayOf(BoolGen, 3)
        from birthday in Gen.Frequency((2, Gen.Constant<Points?>(null)), (1, PointsGen.Select(p => (Points?)p)))
        select new TierBenefits { EarningMultiplier = multiplier, FreeShipping = flags[0], EarlyAccess = flags[1], ExclusiveOffers = flags[2], BirthdayPoints = birthday };

    private static Gen<Tier[]> TiersGen { get; } =
        from names in Gen.Choose(1, 5).SelectMany(count => Gen.ArrayOf(TextGen, count)).Select(n => n.Distinct(StringComparer.Ordinal).ToArray())
        from zero in Gen.Elements(0m, 0.00m)
        from steps in Gen.ArrayOf(StepGen, names.Length - 1)
        from benefits in Gen.ArrayOf(BenefitsGen, names.Length)
        select Ladder(names, zero, steps, benefits);

    private static Tier[] Ladder(string[] names, decimal zero, decimal[] steps, TierBenefits[] benefits)
    {
        var tiers = new Tier[names.Length];
        var threshold = zero;
        for (var i = 0; i < tiers.Length; i++)
        {
            threshold = i == 0 ? zero : threshold + steps[i - 1];
            tiers[i] = new Tier(names[i], threshold, benefits[i]);
        }

        return tiers;
    }

    private static TierLadder WithoutBirthdayPoints(TierLadder ladder) => new(
        ladder.Basis,
        ladder.Window,
        ladder.Tiers.Select(t => new Tier(t.Name, t.Threshold, t.Benefits with { BirthdayPoints = null })),
        ladder.GracePeriod,
        ladder.MaxLevelsDown);

    private static Gen<TierLadder?> LadderGen { get; } = Gen.Frequency(
        (1, Gen.Constant<TierLadder?>(null)),
        (3, from basis in Gen.Elements(Enum.GetValues<TierBasis>())
            from window in WindowGen
            from grace in GraceGen(window)
            from anyLevelsDown in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Elements<int?>(1, int.MaxValue)), (2, Gen.Choose(1, 5).Select(v => (int?)v)))
            from tiers in TiersGen
            let maxLevelsDown = window.Kind == QualificationWindowKind.RollingMonths ? null : anyLevelsDown // rolling windows take no limit
            select (TierLadder?)new TierLadder(basis, window, tiers, grace, maxLevelsDown)));

    private static Gen<(string Key, decimal Multiplier)[]> MultipliersGen { get; } =
        Gen.Choose(0, 3).SelectMany(count => Gen.ArrayOf(Gen.Zip(TextGen, PositiveGen(1000m)), count))
            .Select(entries => entries.Select(e => (e.Item1, e.Item2)).ToArray());

    private static Gen<PointsProgram> ProgramGen { get; } =
        from name in TextGen
        from currency in Gen.Elements(RetentionArbitraries.Currencies)
        from zone in Gen.Elements(Zones)
        from pointsPerUnit in Gen.Frequency((1, Gen.Elements(0m, 1m, 1_000_000m, 1_000_000.0000m)), (4, ScaledGen(int.MaxValue).Select(d => d % 1_000_000m)))
        from rounding in Gen.Elements(Enum.GetValues<PointsRounding>())
        from scope in Gen.Elements(Enum.GetValues<RoundingScope>())
        from basis in Gen.ArrayOf(BoolGen, 3)
        from excludedProducts in Gen.ListOf(TextGen)
        from excludedCategories in Gen.ListOf(TextGen)
        from minimum in ScaledGen(int.MaxValue)
        from maxPerOrder in CapGen
        from maxPerDay in CapGen
        from maxPerMonth in CapGen
        from tiers in LadderGen
        from products in MultipliersGen
        from categories in MultipliersGen
        from campaigns in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(CampaignGen, n))
        from triggers in Gen.SubListOf(Enum.GetValues<BonusTrigger>())
        from order in Gen.Shuffle(triggers.ToArray())
        from bonuses in Gen.CollectToArray(order, BonusGen)
        from birthday in Gen.Elements(Enum.GetValues<BirthdayMode>())
        from timing in TimingGen
        from clawback in Gen.Elements(Enum.GetValues<ClawbackPolicy>())
        from rewardIds in Gen.ListOf(TextGen).Select(ids => ids.Distinct(StringComparer.Ordinal).Take(5).ToArray())
        from rewards in Gen.CollectToArray(rewardIds, id => RewardGen(id, currency))
        select Build(
            PointsProgram.CreateBuilder(name, currency, DateTimeZoneProviders.Tzdb[zone])
                .EarnPerUnit(pointsPerUnit, rounding, scope)
                .Basis(basis[0], basis[1], basis[2])
                .ExcludeProducts(excludedProducts.Select(p => new ProductId(p)))
                .ExcludeCategories(excludedCategories.Select(c => new CategoryId(c)))
                .MinimumOrderValue(new Money(minimum, currency))
                .MaxPerOrder(maxPerOrder)
                .MaxPerDay(maxPerDay)
                .MaxPerMonth(maxPerMonth),
            tiers,
            products,
            categories,
            campaigns,
            bonuses,
            rewards)
            .Birthday(birthday)
            .ReturnWindow(timing.Window)
            .Expiry(timing.Expiry)
            .Clawback(clawback)
            .Build();

    private static PointsProgramBuilder Build(
        PointsProgramBuilder builder,
        TierLadder? tiers,
        (string Key, decimal Multiplier)[] products,
        (string Key, decimal Multiplier)[] categories,
        Campaign[] campaigns,
        ActionBonus[] bonuses,
        Reward[] rewards)
    {
        // A tier's birthday points replace the program's birthday bonus, so they come only with one.
        builder.Tiers(tiers is not null && !bonuses.Any(b => b.Trigger == BonusTrigger.Birthday) ? WithoutBirthdayPoints(tiers) : tiers);
        foreach (var (product, multiplier) in products)
        {
            builder.ProductMultiplier(new ProductId(product), multiplier);
        }

        foreach (var (category, multiplier) in categories)
        {
            builder.CategoryMultiplier(new CategoryId(category), multiplier);
        }

        foreach (var campaign in campaigns)
        {
            builder.Campaign(campaign);
        }

        foreach (var bonus in bonuses)
        {
            builder.Bonus(bonus);
        }

        foreach (var reward in rewards)
        {
            builder.Reward(reward);
        }

        return builder;
    }
}
