using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;
using Retention.Cli.Reports;
using Retention.Clv;
using Retention.Loyalty;
using Retention.Metrics;
using Retention.Offers;
using Retention.Rfm;

namespace Retention.Cli;

/// <summary>What the demo and analyze commands feed the analysis: one store's customers, transactions and program.</summary>
internal sealed class AnalysisInput
{
    /// <summary>Gets the report's title line.</summary>
    internal required string Title { get; init; }

    internal required CustomerIndex Customers { get; init; }

    internal required Transaction[] Transactions { get; init; }

    /// <summary>Gets the last day of the data: summaries, scores, metrics and CLV are as of this day.</summary>
    internal required LocalDate AsOf { get; init; }

    /// <summary>Gets the revenue totals, computed by the caller from what it has (orders or CSV rows).</summary>
    internal required ReportFacts Revenue { get; init; }

    /// <summary>Gets the date of every order counted per month.</summary>
    internal required IReadOnlyList<LocalDate> OrderDates { get; init; }

    /// <summary>Gets the NPS answers (date, score 0-10), or <see langword="null"/> without a survey.</summary>
    internal IReadOnlyList<(LocalDate Date, int Score)>? NpsAnswers { get; init; }

    /// <summary>Gets the points program the events are replayed under.</summary>
    internal required PointsProgram Program { get; init; }

    /// <summary>Gets the offer catalog for the next best offers; <see langword="null"/> for <see cref="SampleOffers"/>.</summary>
    internal OfferCatalog? Offers { get; init; }

    /// <summary>Gets the loyalty events in the order to apply them.</summary>
    internal required Func<IEnumerable<LoyaltyEvent>> LoyaltyEvents { get; init; }

    /// <summary>Gets whether a customer redeems the program's first reward as soon as they can afford it (the demo's
    /// simulated behaviour; real data has no redemptions in an orders export).</summary>
    internal bool RedeemFirstRewardWhenAffordable { get; init; }

    /// <summary>Gets the holdout length for the calibration check, in weeks (0: no check).</summary>
    internal int HoldoutWeeks { get; init; } = 26;

    /// <summary>Gets how many rows the top-customer and churn-risk lists show.</summary>
    internal int TopRows { get; init; } = 20;
}

/// <summary>
/// Runs the library on one store and collects a <see cref="Report"/>: revenue, RFM segments, retention metrics and
/// cohorts, points and tiers, CLV (BG/NBD + Gamma-Gamma) with top customers and churn risk, and a calibration versus
/// holdout check. Shared by <c>retention demo</c> and <c>retention analyze</c>.
/// </summary>
internal sealed class Analysis
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The CLV horizon: twelve average calendar months at 1% a month, for a model fitted in weeks.</summary>
    internal static readonly ClvHorizon Horizon = ClvHorizon.FromDays(12, 365.25 / 12, TimeUnit.Weeks, 0.01);

    private const double WeeksPerYear = 365.25 / 7;

    private readonly AnalysisInput _in;
    private readonly Report _report;
    private CustomerSummary[] _summaries = [];
    private int[] _buyers = [];
    private RfmScore[] _scores = [];
    private double[]? _alive;
    private double[]? _expected;
    private double?[]? _clv;
    private ChurnAssessment[] _churn = [];
    private PointsLedger? _ledger;

    private Analysis(AnalysisInput input)
    {
        _in = input;
        _report = new Report(input.Title);
    }

    /// <summary>Gets the per-customer detail table (CSV only: one row per customer who bought).</summary>
    internal ReportTable? Customers { get; private set; }

    /// <summary>Runs every step (through <paramref name="console"/>, which shows progress when interactive).</summary>
    internal static (Report Report, ReportTable Customers) Run(AnalysisInput input, ReportConsole console, bool charts)
    {
        var analysis = new Analysis(input);

        // The points replay is sequential and independent of the other steps: it runs on another core meanwhile, and
        // its sections go where they belong in the report (after the cohorts) when it is done.
        var until = EndOfDay(input.Program.TimeZone, input.AsOf);
        var replay = Task.Run(() => ReplayLoyalty(input.Program, input.LoyaltyEvents(), input.RedeemFirstRewardWhenAffordable, until));
        var loyaltyAt = 0;
        var steps = new List<(string, Action)>
        {
            ("Summaries and RFM segments", analysis.AddSummariesAndRfm),
            ("Retention metrics and cohorts", () =>
            {
                analysis.AddRetention();
                loyaltyAt = analysis._report.Sections.Count;
            }),
            ("CLV fit (BG/NBD + Gamma-Gamma) and churn risk", analysis.AddClvAndChurn),
            ("Calibration versus holdout", analysis.AddHoldoutCheck),
            ("Points and tiers", () => analysis.AddLoyalty(replay.GetAwaiter().GetResult(), loyaltyAt)),
        };
        if (charts)
        {
            steps.Add(("Charts", analysis.AddCharts));
        }

        console.RunSteps(steps);
        analysis.AddNextBestOffers();
        analysis.BuildCustomerTable();
        return (analysis._report, analysis.Customers!);
    }

    private void AddSummariesAndRfm()
    {
        _report.Add(_in.Revenue);
        var months = _report.Add(new ReportTable("orders_per_month", "Orders per month", new ReportColumn("month", "month"), new ReportColumn("orders", "orders", Display.Count)));
        foreach (var month in _in.OrderDates.GroupBy(d => d.ToString("uuuu-MM", Inv)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            months.Add(month.Key, month.Count());
        }

        _summaries = new CustomerSummary[_in.Customers.Count];
        CustomerSummaries.Compute(_in.Transactions, new SummaryWindow(_in.AsOf), _summaries);
        _buyers = Enumerable.Range(0, _summaries.Length).Where(i => _summaries[i].HasPurchases).ToArray();
        var values = _buyers.Select(i => RfmValues.FromSummary(_summaries[i])).ToArray();
        _scores = new RfmScore[values.Length];
        var map = SegmentMap.Default;
        RfmScoring.ScoreQuantiles(values, _scores, map);
        var vips = new bool[values.Length];
        var vipCount = RfmScoring.MarkVips(values, 0.01, vips);

        var segments = _report.Add(new ReportTable(
            "rfm_segments",
            string.Create(Inv, $"RFM segments as of {_in.AsOf:uuuu-MM-dd} ({values.Length:N0} customers, NTILE quintiles)"),
            new ReportColumn("segment", "segment"),
            new ReportColumn("customers", "customers", Display.Count),
            new ReportColumn("share", "share", Display.Share),
            new ReportColumn("average_recency_days", "avg days", Display.Count),
            new ReportColumn("average_orders", "avg orders", Display.Decimal2),
            new ReportColumn("average_net_spend", "avg net spend", Display.Amount)));
        foreach (var segment in Enumerable.Range(0, values.Length).GroupBy(i => _scores[i].Segment).OrderByDescending(g => g.Count()).ThenBy(g => g.Key))
        {
            var count = segment.Count();
            segments.Add(
                map.SegmentName(segment.Key),
                count,
                (double)count / values.Length,
                segment.Average(i => values[i].RecencyDays),
                segment.Average(i => values[i].Frequency),
                Math.Round(segment.Average(i => values[i].Monetary), 2));
        }

        var vipSpend = Enumerable.Range(0, values.Length).Where(i => vips[i]).Sum(i => values[i].Monetary);
        var allSpend = values.Sum(v => v.Monetary);
        segments.Note = string.Create(Inv, $"VIPs (top 1% by net spend): {vipCount:N0} customers, {(allSpend == 0 ? 0 : vipSpend / allSpend):P1} of net spend");
    }

    private void AddRetention()
    {
        var lastYear = new DateInterval(_in.AsOf.PlusYears(-1).PlusDays(1), _in.AsOf);
        var m = RetentionMetrics.Compute(_in.Transactions, _in.Customers.Count, lastYear, Period.FromDays(180));
        var facts = _report.Add(new ReportFacts(
            "retention_metrics",
            string.Create(Inv, $"Retention metrics {lastYear.Start:uuuu-MM-dd} to {lastYear.End:uuuu-MM-dd} (active = purchased within {m.ActivityWindow.Days} days)")));
        facts.Add("from", "from", lastYear.Start, Display.Text)
            .Add("to", "to", lastYear.End, Display.Text)
            .Add("customers_at_start", "customers at start (S)", m.CustomersAtStart)
            .Add("customers_at_end", "customers at end (E)", m.CustomersAtEnd)
            .Add("new_customers", "new customers (N)", m.NewCustomers)
            .Add("retained_customers", "retained", m.Retained)
            .Add("reactivated_customers", "reactivated", m.Reactivated)
            .Add("customer_retention_rate", "customer retention rate (E-N)/S", m.CustomerRetentionRate, Display.Percent)
            .Add("churn_rate", "churn rate", m.ChurnRate, Display.Percent)
            .Add("orders", "orders", m.Orders)
            .Add("ordering_customers", "ordering customers", m.OrderingCustomers)
            .Add("repeat_purchase_rate", "repeat purchase rate", m.RepeatPurchaseRate, Display.Percent)
            .Add("purchase_frequency", "purchase frequency", m.PurchaseFrequency, Display.Decimal2)
            .Add("net_revenue", "net revenue", m.NetRevenue, Display.Amount)
            .Add("average_order_value", "average order value", m.AverageOrderValue, Display.Amount)
            .Add("average_days_between_orders", "average days between orders", m.AverageDaysBetweenOrders, Display.Decimal2)
            .Add("returning_revenue_share", "revenue share of returning", m.ReturningRevenueShare, Display.Percent);

        if (_in.NpsAnswers is { } answers)
        {
            var scores = answers.Where(a => a.Date <= _in.AsOf).Select(a => a.Score).ToArray();
            var nps = Surveys.Nps(scores);
            var npsFacts = _report.Add(new ReportFacts("nps", string.Create(Inv, $"Net Promoter Score (answers up to {_in.AsOf:uuuu-MM-dd})")));
            npsFacts.Add("answers", "answers", scores.Length)
                .Add("promoters", "promoters (9-10)", scores.Count(s => s >= 9))
                .Add("passives", "passives (7-8)", scores.Count(s => s is 7 or 8))
                .Add("detractors", "detractors (0-6)", scores.Count(s => s <= 6))
                .Add("nps", "NPS", nps?.Score, Display.Decimal2)
                .Add("nps_standard_error", "standard error", nps?.StandardError, Display.Decimal2)
                .Add("nps_lower_95", "95% interval from", nps?.Lower95, Display.Decimal2)
                .Add("nps_upper_95", "95% interval to", nps?.Upper95, Display.Decimal2);
        }

        var cohorts = CohortTable.Compute(_in.Transactions, _in.Customers.Count, CohortPeriod.Month, _in.AsOf);
        var width = cohorts.Cohorts.Count == 0 ? 0 : Math.Min(24, cohorts.Cohorts.Max(c => c.Shares.Count));
        var columns = new List<ReportColumn> { new("cohort", "cohort"), new("size", "size", Display.Count) };
        columns.AddRange(Enumerable.Range(0, width).Select(k => new ReportColumn("month_" + k.ToString(Inv), "+" + k.ToString(Inv), Display.Share)));
        var table = _report.Add(new ReportTable(
            "cohort_retention",
            string.Create(Inv, $"Cohort retention by month of first purchase (share active in each month after; as of {_in.AsOf:uuuu-MM-dd})"),
            [.. columns]));
        table.ConsoleColumns = 14;
        table.Note = width > 12 ? "The console shows months +0 to +11; cohort_retention.csv has all of them." : null;
        foreach (var cohort in cohorts.Cohorts)
        {
            var row = new object?[width + 2];
            row[0] = cohort.Label;
            row[1] = cohort.Size;
            for (var k = 0; k < width; k++)
            {
                row[k + 2] = k < cohort.Shares.Count ? cohort.Shares[k] : null;
            }

            table.Add(row);
        }
    }

    private void AddLoyalty((PointsLedger Ledger, int Applied, int Ignored, int Refused, int Redemptions) replay, int at)
    {
        var program = _in.Program;
        var (ledger, applied, ignored, refused, redemptions) = replay;
        _ledger = ledger;
        var sections = _report.Sections.Count;
        var endOfDay = EndOfDay(program.TimeZone, _in.AsOf);
        var balances = ledger.Customers.Select(c => ledger.GetBalance(c, endOfDay)).ToArray();
        long Sum(Func<PointsBalance, Points> part) => balances.Sum(b => part(b).Value);
        var expiring = ledger.Customers.Sum(c => ledger.ExpiringWithin(c, endOfDay, 30).Sum(x => x.Points.Value));

        var facts = _report.Add(new ReportFacts(
            "loyalty_points",
            string.Create(Inv, $"Loyalty points as of {_in.AsOf:uuuu-MM-dd} (\"{program.Name}\": {program.PointsPerUnit:0.##} point per {program.Currency}, {program.ReturnWindow.Days}-day return window{(program.Expiry.Months > 0 ? $", expiry {program.Expiry.Months} months after earning" : string.Empty)})")));
        facts.Add("events_applied", "events applied", applied)
            .Add("events_ignored", "events ignored", ignored)
            .Add("events_refused", "events refused", refused)
            .Add("points_earned", "points earned", Sum(b => b.Earned))
            .Add("points_redeemed", "points redeemed", Sum(b => b.Redeemed))
            .Add("rewards_redeemed", "  rewards redeemed", redemptions)
            .Add("points_reversed", "points reversed by refunds", Sum(b => b.Reversed))
            .Add("points_expired", "points expired", Sum(b => b.Expired))
            .Add("points_available", "points available", Sum(b => b.Available))
            .Add("points_pending", "points pending", Sum(b => b.Pending))
            .Add("points_expiring_30_days", "expiring in the next 30 days", expiring)
            .Add("members_with_points", "members with points", balances.Count(b => b.Available + b.Pending > Points.Zero));

        if (program.Tiers is { } ladder)
        {
            AddTiers(ledger, ladder, endOfDay);
        }

        // Move the sections just added to their place after the cohorts.
        var added = _report.Sections.GetRange(sections, _report.Sections.Count - sections);
        _report.Sections.RemoveRange(sections, added.Count);
        _report.Sections.InsertRange(at, added);
    }

    private void AddTiers(PointsLedger ledger, TierLadder ladder, Instant endOfDay)
    {

        var levels = ledger.Customers.Select(c => ledger.GetTier(c, endOfDay).Level).ToArray();
        var changes = ledger.Customers.SelectMany(ledger.TierHistory).ToArray();
        var tiers = _report.Add(new ReportTable(
            "loyalty_tiers",
            string.Create(Inv, $"Loyalty tiers as of {_in.AsOf:uuuu-MM-dd} ({(ladder.Basis == TierBasis.Spend ? "qualifying spend" : "qualifying points")}, {ladder.Window.Kind} window)"),
            new ReportColumn("tier", "tier"),
            new ReportColumn("threshold", "from", Display.Count),
            new ReportColumn("earning_multiplier", "multiplier", Display.Number),
            new ReportColumn("customers", "customers", Display.Count),
            new ReportColumn("share", "share", Display.Share)));
        for (var level = ladder.Tiers.Count - 1; level >= 0; level--)
        {
            var tier = ladder.Tiers[level];
            var count = levels.Count(l => l == level);
            tiers.Add(tier.Name, tier.Threshold, tier.Benefits.EarningMultiplier, count, levels.Length == 0 ? 0d : (double)count / levels.Length);
        }

        _report.Add(new ReportFacts("tier_changes", "Tier changes"))
            .Add("upgrades", "upgrades", changes.Count(c => c.Kind == TierChangeKind.Upgrade))
            .Add("renewals", "renewals", changes.Count(c => c.Kind == TierChangeKind.Renewal))
            .Add("downgrades", "downgrades", changes.Count(c => c.Kind == TierChangeKind.Downgrade));
    }

    /// <summary>
    /// The first instant of the day after <paramref name="date"/> in <paramref name="zone"/>; for a day the zone skips
    /// entirely (Pacific/Apia, 30 December 2011), where <c>AtStartOfDay</c> throws, the instant the clocks jumped past it.
    /// </summary>
    internal static Instant EndOfDay(DateTimeZone zone, LocalDate date) =>
        zone.ResolveLocal(date.PlusDays(1).AtMidnight(), Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter)).ToInstant();

    /// <summary>
    /// Replays events through a ledger of <paramref name="program"/>; with <paramref name="redeem"/>, a customer who can
    /// afford the first reward redeems it a minute after their order. The ledger is advanced to <paramref name="until"/>.
    /// An event whose points overflow (an absurd amount) is counted as refused.
    /// </summary>
    internal static (PointsLedger Ledger, int Applied, int Ignored, int Refused, int Redemptions) ReplayLoyalty(PointsProgram program, IEnumerable<LoyaltyEvent> events, bool redeem, Instant until)
    {
        var reward = redeem && program.Rewards.Count > 0 ? program.Rewards[0] : null;
        var ledger = new PointsLedger(program);
        var (applied, ignored, refused, redemptions) = (0, 0, 0, 0);
        foreach (var e in events)
        {
            ApplyResult result;
            try
            {
                result = ledger.Apply(e);
            }
            catch (OverflowException)
            {
                // An amount whose points do not fit in 64 bits: the ledger is left as it was, the event counts as refused.
                refused++;
                continue;
            }

            applied += result.Status == ApplyStatus.Applied ? 1 : 0;
            ignored += result.Status == ApplyStatus.Ignored ? 1 : 0;
            refused += result.Status == ApplyStatus.Refused ? 1 : 0;
            if (reward is not null && e is OrderPlaced && result.Status == ApplyStatus.Applied)
            {
                var at = e.At + Duration.FromMinutes(1);
                if (ledger.GetBalance(e.CustomerId, at).Available >= reward.Cost
                    && ledger.Apply(new RewardRedeemed(new EventKey("redeem:" + e.Key.Value), e.CustomerId, reward.Id, at)).Status == ApplyStatus.Applied)
                {
                    redemptions++;
                }
            }
        }

        ledger.AdvanceTo(until);
        return (ledger, applied, ignored, refused, redemptions);
    }

    private void AddClvAndChurn()
    {
        var n = _buyers.Length;
        var x = new double[n];
        var tx = new double[n];
        var age = new double[n];
        var first = new LocalDate[n];
        var last = new LocalDate[n];
        var repeats = new int[n];
        for (var k = 0; k < n; k++)
        {
            var s = _summaries[_buyers[k]];
            x[k] = s.RepeatFrequency;
            tx[k] = s.Recency(TimeUnit.Weeks);
            age[k] = s.Age(TimeUnit.Weeks);
            first[k] = s.FirstPurchase!.Value;
            last[k] = s.LastPurchase!.Value;
            repeats[k] = s.RepeatFrequency;
        }

        var models = _report.Add(new ReportTable(
            "clv_models",
            string.Create(Inv, $"CLV models fitted on {n:N0} customers as of {_in.AsOf:uuuu-MM-dd} (time in weeks)"),
            new ReportColumn("model", "model"),
            new ReportColumn("parameter", "parameter"),
            new ReportColumn("estimate", "estimate", Display.Number),
            new ReportColumn("standard_error", "std. error", Display.Number)));
        var clvFacts = new ReportFacts("clv_summary", string.Create(Inv, $"Customer lifetime value: next {Horizon.Periods} months, discounted {Horizon.DiscountRate:P0} a month"));
        BgNbdModel? purchases = null;
        GammaGammaModel? spend = null;
        if (n > 0 && x.Any(v => v > 0))
        {
            var fit = TryFit(() => BgNbdModel.Fit(x, tx, age), "BG/NBD");
            if (fit is not null)
            {
                AddParameters(models, fit);
                purchases = fit.Converged ? fit.Model : null;
            }

            var repeatIndex = Enumerable.Range(0, n).Where(k => x[k] > 0 && _summaries[_buyers[k]].AverageRepeatSpend > 0m).ToArray();
            if (repeatIndex.Length > 0)
            {
                var gg = TryFit(() => GammaGammaModel.Fit(repeatIndex.Select(k => x[k]).ToArray(), repeatIndex.Select(k => (double)_summaries[_buyers[k]].AverageRepeatSpend).ToArray()), "Gamma-Gamma");
                if (gg is not null)
                {
                    AddParameters(models, gg);
                    spend = gg.Converged && gg.Model.Q > 1d ? gg.Model : null;
                }
            }
        }
        else
        {
            models.Note = "No customer with a repeat purchase: the CLV models cannot be fitted.";
        }

        if (purchases is not null)
        {
            _alive = new double[n];
            _expected = new double[n];
            purchases.ProbabilityAlive(x, tx, age, _alive);
            purchases.ExpectedPurchases(WeeksPerYear, x, tx, age, _expected);
        }

        if (purchases is not null && spend is not null)
        {
            // Customers whose repeat purchases had no positive spend cannot be modelled by Gamma-Gamma: no CLV for them.
            var usable = Enumerable.Range(0, n).Where(k => x[k] == 0 || _summaries[_buyers[k]].AverageRepeatSpend > 0m).ToArray();
            var clv = new double[usable.Length];
            DiscountedClv.Compute(
                purchases,
                spend,
                Horizon,
                usable.Select(k => x[k]).ToArray(),
                usable.Select(k => tx[k]).ToArray(),
                usable.Select(k => age[k]).ToArray(),
                usable.Select(k => x[k] > 0 ? (double)_summaries[_buyers[k]].AverageRepeatSpend : 0d).ToArray(),
                clv);
            _clv = new double?[n];
            for (var j = 0; j < usable.Length; j++)
            {
                _clv[usable[j]] = clv[j];
            }

            var sorted = clv.Order().ToArray();
            clvFacts.Add("customers", "customers valued", usable.Length)
                .Add("customers_without_value", "  without (repeat spend 0 or less)", n - usable.Length)
                .Add("total_clv", "total CLV", Math.Round(clv.Sum(), 2), Display.Amount)
                .Add("mean_clv", "mean CLV", sorted.Length == 0 ? null : Math.Round(sorted.Average(), 2), Display.Amount)
                .Add("median_clv", "median CLV", sorted.Length == 0 ? null : Math.Round(sorted[sorted.Length / 2], 2), Display.Amount)
                .Add("expected_purchases_next_year", "expected purchases, next 52 weeks", Math.Round(_expected!.Sum(), 1), Display.Count)
                .Add("population_mean_spend", "mean spend per purchase (Gamma-Gamma)", Math.Round(spend.PopulationMeanSpend, 2), Display.Amount);
            _report.Add(clvFacts);

            var top = _report.Add(new ReportTable(
                "top_customers_by_clv",
                string.Create(Inv, $"Top {_in.TopRows} customers by CLV"),
                new ReportColumn("customer_id", "customer"),
                new ReportColumn("orders", "orders", Display.Count),
                new ReportColumn("net_spend", "net spend", Display.Amount),
                new ReportColumn("last_purchase", "last purchase"),
                new ReportColumn("probability_alive", "P(alive)", Display.Share),
                new ReportColumn("expected_purchases", "exp. purchases 52w", Display.Decimal2),
                new ReportColumn("clv", "CLV 12m", Display.Amount)));
            foreach (var k in Enumerable.Range(0, n).Where(k => _clv[k] is not null).OrderByDescending(k => _clv[k]).ThenBy(k => _buyers[k]).Take(_in.TopRows))
            {
                var s = _summaries[_buyers[k]];
                top.Add(_in.Customers[_buyers[k]].Value, s.Orders, s.NetSpend, s.LastPurchase, _alive![k], _expected![k], Math.Round(_clv[k]!.Value, 2));
            }
        }
        else if (n > 0)
        {
            _report.Warnings.Add("The CLV models did not give a usable fit (see clv_models): no CLV, top-customer list or probability alive.");
        }

        _churn = new ChurnAssessment[n];
        var rules = new ChurnRules();
        ChurnSignals.Evaluate(rules, _alive ?? [], first, last, repeats, _in.AsOf, _churn);
        var atRisk = Enumerable.Range(0, n).Where(k => _churn[k].IsAtRisk).ToArray();
        _report.Add(new ReportFacts("churn_summary", string.Create(Inv, $"Churn signals as of {_in.AsOf:uuuu-MM-dd} ({rules})")))
            .Add("customers", "customers assessed", n)
            .Add("at_risk", "at risk (any signal)", atRisk.Length)
            .Add("low_probability_alive", "  probability alive below " + rules.ProbabilityAliveBelow.ToString(Inv), Count(ChurnSignal.LowProbabilityAlive))
            .Add("no_purchase_in_window", $"  no purchase in {rules.NoPurchaseMonths} months", Count(ChurnSignal.NoPurchaseInWindow))
            .Add("overdue_for_rhythm", $"  overdue ({rules.RhythmMultiple.ToString(Inv)}x their usual gap)", Count(ChurnSignal.OverdueForRhythm));
        var risk = _report.Add(new ReportTable(
            "churn_risk",
            string.Create(Inv, $"Churn risk: the {_in.TopRows} customers at risk with the highest net spend"),
            new ReportColumn("customer_id", "customer"),
            new ReportColumn("net_spend", "net spend", Display.Amount),
            new ReportColumn("orders", "orders", Display.Count),
            new ReportColumn("last_purchase", "last purchase"),
            new ReportColumn("days_since_last_purchase", "days since", Display.Count),
            new ReportColumn("probability_alive", "P(alive)", Display.Share),
            new ReportColumn("signals", "signals", Display.Signals)));
        foreach (var k in atRisk.OrderByDescending(k => _summaries[_buyers[k]].NetSpend).ThenBy(k => _buyers[k]).Take(_in.TopRows))
        {
            var s = _summaries[_buyers[k]];
            risk.Add(_in.Customers[_buyers[k]].Value, s.NetSpend, s.Orders, s.LastPurchase, _churn[k].DaysSinceLastPurchase, _alive?[k], SignalNames(_churn[k].Signals));
        }

        int Count(ChurnSignal signal) => atRisk.Count(k => _churn[k].Has(signal));
    }

    private ClvFitResult<T>? TryFit<T>(Func<ClvFitResult<T>> fit, string name)
        where T : class
    {
        try
        {
            var result = fit();
            if (!result.Converged)
            {
                _report.Warnings.Add($"The {name} fit did not converge: {result.FailureReason}");
            }

            return result;
        }
        catch (InvalidValueException e)
        {
            _report.Warnings.Add($"The {name} model cannot be fitted to these data: {e.Message}");
            return null;
        }
    }

    private static void AddParameters(ReportTable table, ClvFitResult fit)
    {
        foreach (var p in fit.Parameters)
        {
            table.Add(fit.ModelName, p.Name, p.Value, p.StandardError);
        }

        table.Add(fit.ModelName, "log_likelihood", fit.LogLikelihood, null);
    }

    /// <summary>The signal flags as snake_case names joined by '+', or an empty string.</summary>
    internal static string SignalNames(ChurnSignal signals) => string.Join('+', new[]
    {
        (ChurnSignal.LowProbabilityAlive, "low_probability_alive"),
        (ChurnSignal.NoPurchaseInWindow, "no_purchase_in_window"),
        (ChurnSignal.OverdueForRhythm, "overdue_for_rhythm"),
    }.Where(s => (signals & s.Item1) != 0).Select(s => s.Item2));

    private void AddHoldoutCheck()
    {
        if (_in.HoldoutWeeks <= 0)
        {
            return;
        }

        var calibrationEnd = _in.AsOf.PlusDays(-7 * _in.HoldoutWeeks);
        var facts = new ReportFacts(
            "holdout_summary",
            string.Create(Inv, $"Calibration versus holdout: BG/NBD fitted up to {calibrationEnd:uuuu-MM-dd}, predicting the {_in.HoldoutWeeks} weeks to {_in.AsOf:uuuu-MM-dd}"));
        var summaries = new CustomerSummary[_in.Customers.Count];
        CustomerSummaries.Compute(_in.Transactions, new SummaryWindow(calibrationEnd, _in.AsOf), summaries);
        var calibrated = summaries.Where(s => s.HasPurchases).ToArray();
        var fit = calibrated.Any(s => s.RepeatFrequency > 0)
            ? TryFit(() => BgNbdModel.Fit(
                calibrated.Select(s => (double)s.RepeatFrequency).ToArray(),
                calibrated.Select(s => s.Recency(TimeUnit.Weeks)).ToArray(),
                calibrated.Select(s => s.Age(TimeUnit.Weeks)).ToArray()), "calibration BG/NBD")
            : null;
        if (fit is not { Converged: true })
        {
            facts.Note = "No usable calibration fit (too little history before the holdout): the check is skipped.";
            _report.Add(facts);
            return;
        }

        HoldoutEvaluation evaluation;
        try
        {
            evaluation = HoldoutEvaluation.Of(fit.Model, calibrated, TimeUnit.Weeks);
        }
        catch (InvalidValueException e)
        {
            _report.Warnings.Add($"The calibration model ({fit.Model}) gives no usable prediction: {e.Message}");
            facts.Note = "The calibration model gives no usable prediction: the check is skipped.";
            _report.Add(facts);
            return;
        }

        facts.Add("calibration_end", "calibration end", calibrationEnd, Display.Text)
            .Add("holdout_end", "holdout end", _in.AsOf, Display.Text)
            .Add("holdout_weeks", "holdout weeks", _in.HoldoutWeeks)
            .Add("customers", "customers compared", evaluation.Customers)
            .Add("actual_purchases", "actual purchases (days)", evaluation.ActualTotal, Display.Count)
            .Add("predicted_purchases", "predicted purchases", Math.Round(evaluation.PredictedTotal, 1), Display.Decimal2)
            .Add("mean_absolute_error", "mean absolute error", evaluation.MeanAbsoluteError, Display.Number)
            .Add("root_mean_squared_error", "root mean squared error", evaluation.RootMeanSquaredError, Display.Number);
        _report.Add(facts);
        var bins = _report.Add(new ReportTable(
            "holdout_by_frequency",
            "Holdout purchases by calibration frequency (mean per customer)",
            new ReportColumn("frequency", "calibration repeats"),
            new ReportColumn("customers", "customers", Display.Count),
            new ReportColumn("mean_actual", "actual", Display.Number),
            new ReportColumn("mean_predicted", "predicted", Display.Number)));
        foreach (var bin in evaluation.Bins)
        {
            bins.Add(bin.Frequency.ToString(Inv) + (bin.OrMore ? "+" : string.Empty), bin.Customers, bin.MeanActual, bin.MeanPredicted);
        }
    }

    /// <summary>
    /// The next best offer for a sample of buyers (every n-th, twelve at most) from a small playbook catalog
    /// (<see cref="SampleOffers"/>): each customer's snapshot from the analysis (segment, R/F/M, orders, days since the
    /// last order, tier, P(alive), CLV; e-mail consent assumed, since the data carry none), the best offer by expected
    /// value, and why (the checks it passed, with the values seen). <c>analyze --offers</c> replaces the sample catalog.
    /// </summary>
    private void AddNextBestOffers()
    {
        if (_buyers.Length == 0)
        {
            return;
        }

        var catalog = _in.Offers ?? SampleOffers.Catalog(_in.Program.Currency);
        var selector = new OfferSelector(catalog);
        var log = new ContactLog(catalog);
        var at = EndOfDay(_in.Program.TimeZone, _in.AsOf);
        var members = _ledger is null || _in.Program.Tiers is null ? null : _ledger.Customers.ToHashSet();
        var table = _report.Add(new ReportTable(
            "next_best_offers",
            "Next best offer for a sample of customers",
            new ReportColumn("customer", "customer"),
            new ReportColumn("segment", "segment"),
            new ReportColumn("offer", "offer"),
            new ReportColumn("channel", "channel"),
            new ReportColumn("expected_value", "expected value", Display.Amount),
            new ReportColumn("why", "why")));
        var best = new OfferChoice[1];
        var step = Math.Max(1, _buyers.Length / 12);
        for (var k = 0; k < _buyers.Length && table.Rows.Count < 12; k += step)
        {
            var summary = _summaries[_buyers[k]];
            var id = _in.Customers[_buyers[k]];
            var level = members is not null && members.Contains(id) ? _ledger!.GetTier(id, at).Level : 0;
            var alive = _alive?[k] is { } p && double.IsFinite(p) ? p : 1d;
            var customer = new OfferCustomer
            {
                Index = table.Rows.Count,
                Segment = _scores[k].Segment,
                Recency = _scores[k].Recency,
                Frequency = _scores[k].Frequency,
                Monetary = _scores[k].Monetary,
                Orders = summary.Orders,
                DaysSinceLastOrder = summary.DaysSinceLastPurchase,
                TierLevel = level,
                ProbabilityAlive = alive,
                Clv = _clv?[k] is { } v && double.IsFinite(v) ? Math.Max(0d, v) : 0d,
                ConsentedChannels = OfferCustomer.ChannelMask(Channel.Email),
            };
            var chosen = selector.Choose(customer, at, log, best);
            var segment = SegmentMap.Default.SegmentName(_scores[k].Segment);
            if (chosen == 0)
            {
                table.Add(id.Value, segment, null, null, null, "no offer eligible");
                continue;
            }

            var offer = best[0].Offer!;
            // The rule's passed checks with the values seen: the leaves under a composite rule, or the single leaf.
            var all = selector.Explain(customer, at, log).For(offer.Id).Checks;
            var leaves = all.Any(c => c.Depth > 0) ? all.Where(c => c.Depth > 0) : all;
            var why = string.Join("; ", leaves.Where(c => c.Passed).Select(c => c.Description + " (" + c.Seen + ")"));
            table.Add(id.Value, segment, offer.Id, offer.Channel.ToString(), Math.Round(best[0].ExpectedValue, 2), why);
        }
    }

    private void AddCharts()
    {
        if (_report.Find<ReportTable>("rfm_segments") is { Rows.Count: > 0 } segments)
        {
            _report.Charts.Add(new ReportChart("segment_sizes.png", "Customers per RFM segment", Charts.Bars(
                "Customers per RFM segment", "customers", segments.Rows.Select(r => (string)r[0]!).ToArray(), segments.Rows.Select(r => Convert.ToDouble(r[1], Inv)).ToArray())));
        }

        if (_report.Find<ReportTable>("cohort_retention") is { Rows.Count: > 0 } cohorts && cohorts.Columns.Count > 3)
        {
            var rows = cohorts.Rows.Count;
            var cols = cohorts.Columns.Count - 3; // month 0 is 100% by definition: leave it out so the colours show the rest
            var shares = new double[rows, cols];
            for (var i = 0; i < rows; i++)
            {
                for (var k = 0; k < cols; k++)
                {
                    shares[i, k] = cohorts.Rows[i][k + 3] is double d ? d : double.NaN;
                }
            }

            _report.Charts.Add(new ReportChart("cohort_retention.png", "Cohort retention heatmap", Charts.Heatmap(
                "Cohort retention (share active, months 1+ after the first purchase)", "months after the first purchase", cohorts.Rows.Select(r => (string)r[0]!).ToArray(), Enumerable.Range(1, cols).Select(k => k.ToString(Inv)).ToArray(), shares)));
        }

        if (_clv is not null)
        {
            var values = _clv.Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
            if (values.Length > 0)
            {
                var upper = Math.Max(1d, values[(int)(values.Length * 0.99) - (values.Length * 0.99 >= 1 ? 1 : 0)]);
                _report.Charts.Add(new ReportChart("clv_distribution.png", "CLV distribution", Charts.Histogram(
                    "CLV, next 12 months (up to the 99th percentile; the last bar holds the rest)", "CLV", values, upper)));
            }
        }

        if (_report.Find<ReportTable>("holdout_by_frequency") is { Rows.Count: > 0 } bins)
        {
            _report.Charts.Add(new ReportChart("calibration_holdout.png", "Calibration versus holdout purchases", Charts.Lines(
                "Holdout purchases by calibration frequency",
                "repeat purchases in calibration",
                "mean purchases in holdout",
                bins.Rows.Select(r => (string)r[0]!).ToArray(),
                [("actual", bins.Rows.Select(r => (double)r[2]!).ToArray()), ("BG/NBD prediction", bins.Rows.Select(r => (double)r[3]!).ToArray())])));
        }

        if (_report.Find<ReportTable>("loyalty_tiers") is { Rows.Count: > 0 } tiers)
        {
            _report.Charts.Add(new ReportChart("tier_distribution.png", "Customers per tier", Charts.Bars(
                "Customers per loyalty tier", "customers", tiers.Rows.Select(r => (string)r[0]!).ToArray(), tiers.Rows.Select(r => Convert.ToDouble(r[3], Inv)).ToArray())));
        }
    }

    private void BuildCustomerTable()
    {
        var table = new ReportTable(
            "customers",
            "Every customer who bought",
            new ReportColumn("customer_id", "customer"),
            new ReportColumn("first_purchase", "first purchase"),
            new ReportColumn("last_purchase", "last purchase"),
            new ReportColumn("orders", "orders", Display.Count),
            new ReportColumn("net_spend", "net spend", Display.Amount),
            new ReportColumn("segment", "segment"),
            new ReportColumn("r", "R", Display.Count),
            new ReportColumn("f", "F", Display.Count),
            new ReportColumn("m", "M", Display.Count),
            new ReportColumn("tier", "tier"),
            new ReportColumn("points_available", "points", Display.Count),
            new ReportColumn("probability_alive", "P(alive)", Display.Share),
            new ReportColumn("expected_purchases", "exp. purchases 52w", Display.Decimal2),
            new ReportColumn("clv", "CLV 12m", Display.Amount),
            new ReportColumn("churn_signals", "churn signals", Display.Signals));
        var endOfDay = EndOfDay(_in.Program.TimeZone, _in.AsOf);
        var members = _ledger is null ? [] : _ledger.Customers.ToHashSet();
        for (var k = 0; k < _buyers.Length; k++)
        {
            var s = _summaries[_buyers[k]];
            var id = _in.Customers[_buyers[k]];
            string? tier = null;
            long? points = null;
            if (_ledger is not null && members.Contains(id))
            {
                points = _ledger.GetBalance(id, endOfDay).Available.Value;
                tier = _in.Program.Tiers is null ? null : _ledger.GetTier(id, endOfDay).Tier.Name;
            }

            table.Add(
                id.Value,
                s.FirstPurchase,
                s.LastPurchase,
                s.Orders,
                s.NetSpend,
                SegmentMap.Default.SegmentName(_scores[k].Segment),
                _scores[k].Recency,
                _scores[k].Frequency,
                _scores[k].Monetary,
                tier,
                points,
                _alive?[k],
                _expected?[k],
                _clv?[k] is { } v ? Math.Round(v, 2) : null,
                _churn.Length == 0 ? null : SignalNames(_churn[k].Signals));
        }

        Customers = table;
    }
}
