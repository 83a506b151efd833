namespace Retention.Gamification;

/// <summary>How a <see cref="Leaderboard"/> numbers customers with equal points.</summary>
public enum LeaderboardRanking
{
    /// <summary>Standard competition ranking ("1224"): tied customers share a rank and the next rank skips as many
    /// places as were tied.</summary>
    Competition = 0,

    /// <summary>Dense ranking ("1223"): tied customers share a rank and the next rank follows without a gap.</summary>
    Dense = 1,
}
