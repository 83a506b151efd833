namespace Retention.Rfm;

/// <summary>The unit in which durations such as recency and customer age are expressed.</summary>
public enum TimeUnit
{
    /// <summary>Whole days.</summary>
    Days = 0,

    /// <summary>Weeks of 7 days, fractional (the CLV literature's usual unit: CDNOW's 39-week calibration).</summary>
    Weeks = 1,
}
