namespace Retention.Loyalty;

/// <summary>
/// Says where the rounding of <see cref="PointsRounding"/> is applied when an order earns points.
/// </summary>
/// <remarks>The default value is <see cref="PerOrder"/>.</remarks>
public enum RoundingScope
{
    /// <summary>The order's points are summed over its lines first and rounded once.</summary>
    PerOrder = 0,

    /// <summary>
    /// Each line is rounded on its own and the whole points are summed; shipping and tax, when they count, form one more
    /// line. With <see cref="PointsRounding.Floor"/> this never earns more than <see cref="PerOrder"/>.
    /// </summary>
    PerLine = 1,
}
