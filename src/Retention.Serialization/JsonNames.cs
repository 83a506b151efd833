using Retention.Loyalty;

namespace Retention.Serialization;

/// <summary>
/// The JSON spelling of each enum value. Spelled out rather than derived from the member names, so renaming a C# member
/// never changes the file format, and no reflection is needed.
/// </summary>
internal static class JsonNames
{
    internal static readonly EnumNames<PointsRounding> Roundings = new(
        (PointsRounding.Floor, "floor"),
        (PointsRounding.Nearest, "nearest"),
        (PointsRounding.Ceiling, "ceiling"));

    internal static readonly EnumNames<RoundingScope> Scopes = new(
        (RoundingScope.PerOrder, "perOrder"),
        (RoundingScope.PerLine, "perLine"));

    internal static readonly EnumNames<BirthdayMode> BirthdayModes = new(
        (BirthdayMode.OnTheDay, "onTheDay"),
        (BirthdayMode.InBirthMonth, "inBirthMonth"));

    internal static readonly EnumNames<ClawbackPolicy> ClawbackPolicies = new(
        (ClawbackPolicy.StopAtZero, "stopAtZero"),
        (ClawbackPolicy.AllowNegativeBalance, "allowNegativeBalance"));

    internal static readonly EnumNames<TierBasis> TierBases = new(
        (TierBasis.Points, "points"),
        (TierBasis.Spend, "spend"));

    internal static readonly EnumNames<QualificationWindowKind> WindowKinds = new(
        (QualificationWindowKind.Lifetime, "lifetime"),
        (QualificationWindowKind.CalendarYear, "calendarYear"),
        (QualificationWindowKind.RollingMonths, "rollingMonths"),
        (QualificationWindowKind.MembershipYear, "membershipYear"));

    internal static readonly EnumNames<BonusTrigger> Triggers = new(
        (BonusTrigger.SignUp, "signUp"),
        (BonusTrigger.FirstOrder, "firstOrder"),
        (BonusTrigger.Review, "review"),
        (BonusTrigger.Rating, "rating"),
        (BonusTrigger.PhotoReview, "photoReview"),
        (BonusTrigger.SocialShare, "socialShare"),
        (BonusTrigger.ReferralReferrer, "referralReferrer"),
        (BonusTrigger.ReferralReferee, "referralReferee"),
        (BonusTrigger.SurveyAnswer, "surveyAnswer"),
        (BonusTrigger.Birthday, "birthday"));

    internal static readonly EnumNames<ExpiryKind> ExpiryKinds = new(
        (ExpiryKind.Never, "never"),
        (ExpiryKind.AfterEarning, "afterEarning"),
        (ExpiryKind.AfterInactivity, "afterInactivity"));

    internal static readonly EnumNames<RewardKind> RewardKinds = new(
        (RewardKind.AmountOff, "amountOff"),
        (RewardKind.PercentOff, "percentOff"),
        (RewardKind.FreeShipping, "freeShipping"),
        (RewardKind.FreeProduct, "freeProduct"));
}

/// <summary>A two-way table between the values of an enum and their JSON strings.</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class EnumNames<T>
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] _entries;

    internal EnumNames(params (T Value, string Name)[] entries)
    {
        _entries = entries;
        Expected = string.Join(", ", entries.Select(e => "\"" + e.Name + "\""));
    }

    /// <summary>Gets the accepted strings, quoted and comma-separated, for error messages.</summary>
    internal string Expected { get; }

    internal string NameOf(T value)
    {
        foreach (var (entry, name) in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(entry, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "The value has no JSON name.");
    }

    internal bool TryParse(string name, out T value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
