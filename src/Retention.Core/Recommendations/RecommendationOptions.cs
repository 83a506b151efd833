using System.Globalization;
using NodaTime;

namespace Retention.Recommendations;

/// <summary>
/// Settings for building a <see cref="RecommendationModel"/>: the thresholds a product pair must pass to count as
/// "frequently bought together", the popularity window, the attributes that relate products, and list lengths.
/// </summary>
/// <remarks>
/// <para>A mutable bag, validated once by <see cref="RecommendationModel.Build"/>, which reports every problem in one
/// <see cref="InvalidConfigurationException"/>; the model copies the values, so changing the options afterwards
/// changes nothing.</para>
/// <para>Thread safety: not thread-safe; configure on one thread, then build.</para>
/// </remarks>
public sealed class RecommendationOptions
{
    /// <summary>Gets or sets the fewest orders that must hold both products of a pair.</summary>
    /// <value>The default value is 2; at least 1.</value>
    public int MinimumPairOrders { get; set; } = RecommendationDefaults.MinimumPairOrders;

    /// <summary>Gets or sets the smallest support of a pair: the share of all orders that hold both products.</summary>
    /// <value>The default value is 0; from 0 to 1.</value>
    public double MinimumSupport { get; set; } = RecommendationDefaults.MinimumSupport;

    /// <summary>Gets or sets the smallest confidence of a rule "bought A, so also B": the share of A's orders that also hold B.</summary>
    /// <value>The default value is 0; from 0 to 1.</value>
    public double MinimumConfidence { get; set; } = RecommendationDefaults.MinimumConfidence;

    /// <summary>Gets or sets the smallest lift of a pair: its support over the support it would have if the two products
    /// were bought independently. A lift of 1 is that baseline; above 1 the products go together more often than chance.</summary>
    /// <value>The default value is 1 (at least the baseline); not negative. The threshold is inclusive.</value>
    public double MinimumLift { get; set; } = RecommendationDefaults.MinimumLift;

    /// <summary>Gets or sets how far back from the model's as-of instant "popular in a category" looks.</summary>
    /// <value>The default value is 30 days; greater than zero.</value>
    public Duration PopularityWindow { get; set; } = RecommendationDefaults.PopularityWindow;

    /// <summary>Gets or sets the longest list one source gives for one product or category (frequently bought together,
    /// related, popular).</summary>
    /// <value>The default value is 10; at least 1.</value>
    public int MaxPerList { get; set; } = RecommendationDefaults.MaxPerList;

    /// <summary>Gets the product attributes (keys of <see cref="CatalogProduct.Attributes"/>) whose equal values relate two
    /// products, for example <c>style</c> so that the same shirt in another colour is related to it.</summary>
    /// <value>The default value is an empty list: products are related by category only. Keys are ordinal and not empty.</value>
    public IList<string> RelatingAttributes { get; } = [];

    internal void Validate()
    {
        var errors = new List<string>();
        if (MinimumPairOrders < 1)
        {
            errors.Add("recommendations.minimumPairOrders: " + Render(MinimumPairOrders) + " must be at least 1");
        }

        CheckShare(errors, "minimumSupport", MinimumSupport);
        CheckShare(errors, "minimumConfidence", MinimumConfidence);
        if (!double.IsFinite(MinimumLift) || MinimumLift < 0)
        {
            errors.Add("recommendations.minimumLift: " + Render(MinimumLift) + " must be a finite number, not negative");
        }

        if (PopularityWindow <= Duration.Zero)
        {
            errors.Add("recommendations.popularityWindow: " + Render(PopularityWindow) + " must be greater than zero");
        }

        if (MaxPerList < 1)
        {
            errors.Add("recommendations.maxPerList: " + Render(MaxPerList) + " must be at least 1");
        }

        for (var i = 0; i < RelatingAttributes.Count; i++)
        {
            var key = RelatingAttributes[i];
            if (key is null || key.Trim().Length == 0)
            {
                errors.Add("recommendations.relatingAttributes[" + Render(i) + "]: " + Preconditions.Render(key) + " must not be empty");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("recommendation options", errors);
        }
    }

    private static void CheckShare(List<string> errors, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add("recommendations." + name + ": " + Render(value) + " must be from 0 to 1");
        }
    }

    private static string Render(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>The defaults of <see cref="RecommendationOptions"/>.</summary>
internal static class RecommendationDefaults
{
    internal const int MinimumPairOrders = 2;
    internal const double MinimumSupport = 0;
    internal const double MinimumConfidence = 0;
    internal const double MinimumLift = 1;
    internal const int MaxPerList = 10;
    internal static readonly Duration PopularityWindow = Duration.FromDays(30);
}
