namespace Retention.Loyalty;

/// <summary>
/// Says when a customer is in the window for the <see cref="BonusTrigger.Birthday"/> bonus, always judged in the
/// customer's own time zone.
/// </summary>
/// <remarks>
/// A birthday on 29 February falls on 28 February in years that are not leap years (NodaTime's
/// <see cref="NodaTime.AnnualDate.InYear(int)"/>). The default value is <see cref="OnTheDay"/>.
/// </remarks>
public enum BirthdayMode
{
    /// <summary>Only on the birthday itself, in the customer's time zone.</summary>
    OnTheDay = 0,

    /// <summary>On any day of the birth month, in the customer's time zone.</summary>
    InBirthMonth = 1,
}
