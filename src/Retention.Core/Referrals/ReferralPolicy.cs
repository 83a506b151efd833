using NodaTime;

namespace Retention.Referrals;

/// <summary>
/// The rules of a referral program: what makes the referred customer's first order qualify, how long its return
/// window is, the fraud limits, and how codes are generated. The rewards themselves are the loyalty program's
/// <see cref="Loyalty.BonusTrigger.ReferralReferrer"/> and <see cref="Loyalty.BonusTrigger.ReferralReferee"/> bonuses.
/// </summary>
/// <remarks>
/// <para>The return window is added to the order's local date-time in <see cref="TimeZone"/>, as the points ledger
/// does, so 30 days across a daylight-saving change are 30 calendar days. Weeks for the per-source limit are ISO weeks
/// (Monday to Sunday) of the local date in the same zone.</para>
/// <para>Thread safety: immutable and safe to share.</para>
/// </remarks>
public sealed class ReferralPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="timeZone">The program's time zone, for return windows and weeks.</param>
    /// <param name="minimumOrderValue">The least merchandise after discounts (<see cref="Order.MerchandiseNet"/>, without shipping and tax) that makes an order qualify; not negative.</param>
    /// <param name="returnWindow">How long after the qualifying order a refund still cancels the reward; no negative component. Match the points program's return window.</param>
    /// <param name="maxReferralsPerSourcePerWeek">The most referrals accepted from one source per ISO week, at least 1, or <see langword="null"/> for no limit.</param>
    /// <param name="maxRewardsPerReferrer">The most rewarded referrals per referrer, ever, at least 1, or <see langword="null"/> for no cap.</param>
    /// <param name="codes">The generator for codes the caller does not supply, or <see langword="null"/> when the caller always supplies them.</param>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="timeZone"/> or <paramref name="returnWindow"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidConfigurationException">Thrown when a value is out of range; every problem is listed.</exception>
    public ReferralPolicy(
        DateTimeZone timeZone,
        Money minimumOrderValue,
        Period returnWindow,
        int? maxReferralsPerSourcePerWeek = null,
        int? maxRewardsPerReferrer = null,
        ReferralCodeGenerator? codes = null)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(returnWindow);
        var errors = new List<string>();
        if (minimumOrderValue.Amount < 0m)
        {
            errors.Add("referrals.minimumOrderValue: " + Preconditions.Render(minimumOrderValue) + " must not be negative");
        }

        if (!Preconditions.HasNoNegativeComponent(returnWindow))
        {
            errors.Add("referrals.returnWindow: " + Preconditions.Render(returnWindow) + " must not have a negative component");
        }

        if (maxReferralsPerSourcePerWeek is < 1)
        {
            errors.Add("referrals.maxReferralsPerSourcePerWeek: " + Preconditions.Render(maxReferralsPerSourcePerWeek) + " must be at least 1 when given");
        }

        if (maxRewardsPerReferrer is < 1)
        {
            errors.Add("referrals.maxRewardsPerReferrer: " + Preconditions.Render(maxRewardsPerReferrer) + " must be at least 1 when given");
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("referral policy", errors);
        }

        TimeZone = timeZone;
        MinimumOrderValue = minimumOrderValue;
        ReturnWindow = returnWindow;
        MaxReferralsPerSourcePerWeek = maxReferralsPerSourcePerWeek;
        MaxRewardsPerReferrer = maxRewardsPerReferrer;
        Codes = codes;
    }

    /// <summary>Gets the program's time zone.</summary>
    /// <value>The zone of return windows and weeks.</value>
    public DateTimeZone TimeZone { get; }

    /// <summary>Gets the least merchandise after discounts that makes an order qualify.</summary>
    /// <value>Not negative; its currency is the program's.</value>
    public Money MinimumOrderValue { get; }

    /// <summary>Gets the return window of the qualifying order.</summary>
    /// <value>No negative component.</value>
    public Period ReturnWindow { get; }

    /// <summary>Gets the most referrals accepted from one source per ISO week.</summary>
    /// <value>At least 1, or <see langword="null"/> for no limit.</value>
    public int? MaxReferralsPerSourcePerWeek { get; }

    /// <summary>Gets the most rewarded referrals per referrer.</summary>
    /// <value>At least 1, or <see langword="null"/> for no cap.</value>
    public int? MaxRewardsPerReferrer { get; }

    /// <summary>Gets the code generator.</summary>
    /// <value><see langword="null"/> when the caller supplies every code.</value>
    public ReferralCodeGenerator? Codes { get; }
}
