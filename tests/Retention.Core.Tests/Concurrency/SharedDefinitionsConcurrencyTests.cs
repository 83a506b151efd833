using System.Globalization;
using System.Text;
using FsCheck.Fluent;
using NodaTime;
using Retention.Clv;
using Retention.Loyalty;
using Retention.Offers;
using Retention.Rfm;
using Retention.Tests.Offers;
using static Retention.Tests.Loyalty.LoyaltySamples;

namespace Retention.Tests.Concurrency;

/// <summary>
/// The definitions the library documents as immutable and safe to share — <see cref="PointsProgram"/> (with its
/// <see cref="TierLadder"/>), <see cref="OfferCatalog"/> with <see cref="OfferSelector"/>, <see cref="SegmentMap"/> and
/// <see cref="RfmCutPoints"/>, fitted <see cref="BgNbdModel"/> and <see cref="GammaGammaModel"/> — are each built once
/// and hammered by sixteen threads at once, every thread running a whole workload on them; every thread's result must
/// equal, exactly, the result of the same workload run alone on one thread.
/// </summary>
/// <remarks>
/// <para>The mutable types are documented as not safe for concurrent use — <see cref="PointsLedger"/> ("shard customers
/// across ledgers") and <see cref="ContactLog"/> — so each thread has its own ledger and its own contact log, as an
/// application would; what is shared is the definition. The threads are real threads released together by a barrier,
/// three rounds each, so that on a two-core machine they interleave inside the calls rather than run one after another.
/// Results are compared as full text renderings (every ledger entry, balance, tier change, offer choice, score and the
/// bits of every double).</para>
/// </remarks>
public sealed class SharedDefinitionsConcurrencyTests
{
    private const int Threads = 16;
    private const int Rounds = 3;

    /// <summary>Runs <paramref name="workload"/> for every worker alone, then on <see cref="Threads"/> threads at once,
    /// <see cref="Rounds"/> times, and asserts every concurrent result equals the sequential one.</summary>
    private static void Hammer(Func<int, string> workload)
    {
        var sequential = Enumerable.Range(0, Threads).Select(workload).ToArray();
        Assert.All(sequential, s => Assert.False(string.IsNullOrEmpty(s)));
        Assert.True(sequential.Distinct().Count() > 1, "the workers should not all do the same thing");

        var concurrent = new string[Rounds, Threads];
        var errors = new List<Exception>();
        using var barrier = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(w => new Thread(() =>
        {
            try
            {
                for (var round = 0; round < Rounds; round++)
                {
                    barrier.SignalAndWait();
                    concurrent[round, w] = workload(w);
                }
            }
            catch (Exception e)
            {
                lock (errors)
                {
                    errors.Add(e);
                }

                barrier.RemoveParticipant();
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.Empty(errors);
        for (var round = 0; round < Rounds; round++)
        {
            for (var w = 0; w < Threads; w++)
            {
                Assert.Equal(sequential[w], concurrent[round, w]);
            }
        }
    }

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- loyalty

    /// <summary>The shared program; it excludes gift cards, so its orders take the decimal earning arithmetic.</summary>
    private static readonly PointsProgram SharedProgram = ProgramBuilder().ExcludeProducts(new ProductId("gift-card")).Build();

    /// <summary>The same program without exclusions and rounded per line, whose orders take the 64-bit integer fast path
    /// with its per-line amounts.</summary>
    private static readonly PointsProgram SharedFastProgram = ProgramBuilder().EarnPerUnit(1.5m, PointsRounding.Floor, RoundingScope.PerLine).Build();

    private static PointsProgramBuilder ProgramBuilder() => Builder()
        .EarnPerUnit(1.5m)
        .CategoryMultiplier(new CategoryId("shoes"), 2m)
        .Tiers(new TierLadder(TierBasis.Points, QualificationWindow.CalendarYear,
            [new Tier("Member", 0m), new Tier("Silver", 400m, new TierBenefits { EarningMultiplier = 1.25m }), new Tier("Gold", 1500m, new TierBenefits { EarningMultiplier = 1.5m })],
            Period.FromDays(30), 1))
        .Campaign(new Campaign("Double weekend", new LocalDateTime(2026, 3, 6, 0, 0), new LocalDateTime(2026, 3, 9, 0, 0), 2m))
        .Bonus(new ActionBonus(BonusTrigger.SignUp, new Points(100), oncePerCustomer: true))
        .Bonus(new ActionBonus(BonusTrigger.Review, new Points(20), maxPerMonth: 2))
        .MaxPerDay(new Points(2_000))
        .ReturnWindow(Period.FromDays(14))
        .Expiry(PointsExpiry.AfterEarning(12))
        .Reward(Reward.AmountOff("5-off", new Points(300), Usd(5m)));

    /// <summary>Worker w's story: three customers of its own, two years of orders, refunds, reviews and redemptions.</summary>
    private static List<LoyaltyEvent> LoyaltyStory(int worker)
    {
        var random = new Random(1_000 + worker);
        var events = new List<LoyaltyEvent>();
        for (var c = 0; c < 3; c++)
        {
            var customer = new CustomerId(string.Create(CultureInfo.InvariantCulture, $"w{worker}-c{c}"));
            var at = Instant.FromUtc(2026, 1, 2, 15, 0) + Duration.FromHours(random.Next(0, 500));
            events.Add(Action("signup:" + customer, customer, ActionKind.SignUp, at));
            for (var i = 0; i < 25; i++)
            {
                at += Duration.FromHours(random.Next(6, 900));
                var id = string.Create(CultureInfo.InvariantCulture, $"{customer}-o{i}");
                var order = Order(id, customer, at,
                    Line(id + "-1", random.Next(5, 400) + (random.Next(0, 100) / 100m), random.Next(1, 4)),
                    Line(id + "-2", random.Next(20, 150), 1, product: random.Next(0, 5) == 0 ? "gift-card" : "shoe", category: "shoes", discount: random.Next(0, 10)));
                events.Add(new OrderPlaced(order));
                if (random.Next(0, 4) == 0)
                {
                    events.Add(new OrderRefunded(new Refund(new RefundId(id + "-r"), order, at + Duration.FromDays(random.Next(1, 40)),
                        [new RefundLine(order.Lines[0].Id, 1, order.Lines[0].UnitPrice)])));
                }

                if (random.Next(0, 3) == 0)
                {
                    events.Add(Action(id + "-review", customer, ActionKind.Review, at + Duration.FromHours(30), rating: random.Next(1, 6)));
                }

                if (random.Next(0, 3) == 0)
                {
                    events.Add(Redeem(id + "-redeem", customer, "5-off", at + Duration.FromDays(20)));
                }
            }
        }

        return events;
    }

    private static string LoyaltyWorkload(int worker) => LoyaltyWorkload(SharedProgram, worker) + LoyaltyWorkload(SharedFastProgram, worker);

    private static string LoyaltyWorkload(PointsProgram program, int worker)
    {
        var ledger = new PointsLedger(program); // one ledger per thread: ledgers are not thread-safe
        var report = ledger.Replay(LoyaltyStory(worker));
        var end = Instant.FromUtc(2028, 6, 1, 0, 0);
        ledger.AdvanceTo(end);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"applied {report.Applied} duplicates {report.Duplicates} ignored {report.Ignored} refused {report.RefusedCount}\n");
        foreach (var refused in report.Refused)
        {
            text.Append(refused.Event.Key).Append(": ").Append(refused.Result).Append('\n');
        }

        foreach (var customer in ledger.Customers.Order())
        {
            foreach (var entry in ledger.History(customer))
            {
                text.Append(entry).Append('\n');
            }

            foreach (var change in ledger.TierHistory(customer))
            {
                text.Append(change).Append('\n');
            }

            text.Append(ledger.GetBalance(customer, end)).Append(' ').Append(ledger.GetTier(customer, end)).Append('\n');
            text.Append(string.Join(", ", ledger.ExpiringWithin(customer, Instant.FromUtc(2027, 6, 1, 0, 0), 365))).Append('\n');
        }

        // The program's own calculations, called directly: points per order at every tier, and the ladder's levels.
        foreach (var e in LoyaltyStory(worker).OfType<OrderPlaced>())
        {
            foreach (var tier in program.Tiers!.Tiers)
            {
                text.Append(program.PointsFor(e.Order, tier).Value).Append(' ');
            }

            text.Append(program.Tiers.QualifiedLevel(e.Order.Total.Amount)).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void OnePointsProgram_SixteenThreadsEachWithItsOwnLedger_GiveTheSequentialLedgers()
    {
        // The story exercises the return window, refunds, redemptions, expiry and tier changes.
        var sample = LoyaltyWorkload(0);
        Assert.All(["Confirmed", "Reversed", "Redeemed", "Expired", "Upgrade"], word => Assert.Contains(word, sample, StringComparison.Ordinal));
        Hammer(LoyaltyWorkload);
    }

    // ---------------------------------------------------------------- offers

    private static readonly OfferCatalog SharedCatalog = OfferSamples.Playbook();
    private static readonly OfferSelector SharedSelector = new(SharedCatalog);
    private static readonly OfferCustomer[] OfferPopulation =
        [.. OfferArbitraries.CustomerGen.Sample(numberOfSamples: 200, size: 20).Select((c, i) => c with { Index = i })];

    private static string OfferWorkload(int worker)
    {
        var log = new ContactLog(SharedCatalog); // one log per thread: a contact log is not thread-safe
        var choices = new OfferChoice[3];
        var text = new StringBuilder();
        var now = Instant.FromUtc(2026, 5, 1, 9, 0) + Duration.FromHours(worker * 7);
        for (var day = 0; day < 40; day++)
        {
            for (var i = worker % 5; i < OfferPopulation.Length; i += 1 + (worker % 3))
            {
                var made = SharedSelector.Choose(OfferPopulation[i], now, log, choices);
                SharedSelector.Commit(choices.AsSpan(0, made), log);
                for (var k = 0; k < made; k++)
                {
                    text.Append(choices[k].Offer!.Id).Append('@').Append(choices[k].SendAt).Append(' ').Append(Bits(choices[k].ExpectedValue)).Append(';');
                }

                text.Append('\n');
            }

            now += Duration.FromDays(1) + Duration.FromMinutes(worker);
        }

        return text.ToString();
    }

    [Fact]
    public void OneOfferCatalogAndSelector_SixteenThreadsEachWithItsOwnContactLog_GiveTheSequentialChoices()
    {
        Assert.Contains("winback-20", OfferWorkload(0), StringComparison.Ordinal);
        Hammer(OfferWorkload);
    }

    // ---------------------------------------------------------------- RFM

    private static readonly RfmValues[] RfmPopulation = RfmValuesOf(5_000, 99);
    private static readonly RfmCutPoints SharedCuts = RfmCutPoints.FromQuantiles(RfmPopulation, SegmentMap.RfmPackage);

    private static RfmValues[] RfmValuesOf(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new RfmValues(random.Next(0, 730), random.Next(0, 4) == 0 ? random.Next(2, 40) : 1, Math.Round(random.NextDouble() * 2_000, 2)))];
    }

    private static string RfmWorkload(int worker)
    {
        // Every thread scores the shared population and a population of its own, with the shared map and cut points.
        var own = RfmValuesOf(1_000 + (worker * 37), worker);
        var text = new StringBuilder();
        foreach (var values in new[] { RfmPopulation, own })
        {
            var ntile = new RfmScore[values.Length];
            var cuts = new RfmScore[values.Length];
            RfmScoring.ScoreQuantiles(values, ntile, SegmentMap.RfmPackage);
            SharedCuts.Score(values, cuts);
            for (var i = 0; i < values.Length; i++)
            {
                text.Append(ntile[i].Code).Append(SegmentMap.RfmPackage.SegmentName(ntile[i].Segment)[0]).Append(cuts[i].Code).Append(SegmentMap.Default.Classify(ntile[i].Recency, ntile[i].Frequency, ntile[i].Monetary)).Append(' ');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void OneSegmentMapAndCutPoints_SixteenThreadsScoring_GiveTheSequentialScores() => Hammer(RfmWorkload);

    // ---------------------------------------------------------------- CLV

    private static readonly (BgNbdModel Purchases, GammaGammaModel Spend, double[] X, double[] Tx, double[] Age, double[] Zbar) Clv = FitClv();

    private static (BgNbdModel, GammaGammaModel, double[], double[], double[], double[]) FitClv()
    {
        const int n = 3_000;
        var random = new Random(5);
        var age = Enumerable.Range(0, n).Select(_ => 1d + random.Next(0, 52)).ToArray();
        var x = new double[n];
        var tx = new double[n];
        ClvSimulator.SimulateBgNbd(new BgNbdModel(0.243, 4.414, 0.793, 2.426), random, age, x, tx);
        var zbar = x.Select(f => f > 0 ? 10 + random.Next(0, 9_000) / 100d : 0d).ToArray();
        var purchases = BgNbdModel.Fit(x, tx, age);
        var spend = GammaGammaModel.Fit(x, zbar);
        Assert.True(purchases.Converged && spend.Converged, purchases.FailureReason + spend.FailureReason);
        return (purchases.Model, spend.Model, x, tx, age, zbar);
    }

    private static string ClvWorkload(int worker)
    {
        var (purchases, spend, x, tx, age, zbar) = Clv;
        var horizon = ClvHorizon.FromDays(6 + worker, 365.25 / 12, TimeUnit.Weeks, 0.01);
        var n = x.Length;
        var alive = new double[n];
        var expected = new double[n];
        var clv = new double[n];
        purchases.ProbabilityAlive(x, tx, age, alive);
        purchases.ExpectedPurchases(4 + worker, x, tx, age, expected);
        DiscountedClv.Compute(purchases, spend, horizon, x, tx, age, zbar, clv);
        var text = new StringBuilder();
        for (var i = worker; i < n; i += 7)
        {
            text.Append(Bits(alive[i])).Append(Bits(expected[i])).Append(Bits(clv[i]))
                .Append(Bits(purchases.ProbabilityAlive(x[i], tx[i], age[i])))
                .Append(Bits(DiscountedClv.Compute(purchases, spend, horizon, x[i], tx[i], age[i], zbar[i])))
                .Append(Bits(spend.ExpectedAverageSpend(x[i], zbar[i]))).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void OneFittedBgNbdAndGammaGamma_SixteenThreadsPredicting_GiveTheSequentialBits() => Hammer(ClvWorkload);
}
