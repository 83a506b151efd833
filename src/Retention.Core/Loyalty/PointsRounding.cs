namespace Retention.Loyalty;

/// <summary>
/// Says how a fractional number of points is turned into whole points.
/// </summary>
/// <remarks>The default value is <see cref="Floor"/>, the customer-neutral choice most programs use.</remarks>
public enum PointsRounding
{
    /// <summary>Drops the fraction: 12.9 points earn 12.</summary>
    Floor = 0,

    /// <summary>Rounds to the nearest whole point, halves away from zero: 12.5 points earn 13.</summary>
    Nearest = 1,

    /// <summary>Rounds any fraction up: 12.1 points earn 13.</summary>
    Ceiling = 2,
}
