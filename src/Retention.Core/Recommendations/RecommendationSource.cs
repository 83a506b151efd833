namespace Retention.Recommendations;

/// <summary>Why a product is recommended; also the order in which <see cref="RecommendationModel.RecommendFor"/> lists sources.</summary>
public enum RecommendationSource
{
    /// <summary>The customer left it in their cart.</summary>
    LeftInCart = 0,

    /// <summary>The customer put it on their wishlist.</summary>
    Wishlist = 1,

    /// <summary>It is frequently bought together with a product of the last order or of the cart.</summary>
    FrequentlyBoughtTogether = 2,

    /// <summary>It shares a relating attribute (another colour of the same style) or the category with a product of the last order.</summary>
    RelatedToLastPurchase = 3,

    /// <summary>It sells well, over the popularity window, in a category of the last order.</summary>
    PopularInCategory = 4,
}
