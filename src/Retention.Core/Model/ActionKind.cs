namespace Retention;

/// <summary>The kinds of customer action a loyalty program can reward.</summary>
public enum ActionKind
{
    /// <summary>The customer created an account.</summary>
    SignUp = 0,

    /// <summary>The customer wrote a product review (needs a rating of 1 to 5).</summary>
    Review = 1,

    /// <summary>The customer rated a product without text (needs a rating of 1 to 5).</summary>
    Rating = 2,

    /// <summary>The customer posted a review with a photo (needs a rating of 1 to 5).</summary>
    PhotoReview = 3,

    /// <summary>The customer shared the store or a product on social media.</summary>
    SocialShare = 4,

    /// <summary>The customer referred another customer (needs the referred customer).</summary>
    Referral = 5,

    /// <summary>The customer answered a survey.</summary>
    SurveyAnswer = 6,
}
