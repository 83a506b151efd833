namespace Retention.Loyalty;

/// <summary>
/// Names the customer action or moment that a fixed points bonus rewards.
/// </summary>
public enum BonusTrigger
{
    /// <summary>The customer created an account (<see cref="ActionKind.SignUp"/>).</summary>
    SignUp = 0,

    /// <summary>The customer's first order that meets the minimum order value; the bonus is part of that order's points, pending and reversed with them.</summary>
    FirstOrder = 1,

    /// <summary>The customer wrote a review (<see cref="ActionKind.Review"/>).</summary>
    Review = 2,

    /// <summary>The customer left a star rating (<see cref="ActionKind.Rating"/>).</summary>
    Rating = 3,

    /// <summary>The customer wrote a review with a photo (<see cref="ActionKind.PhotoReview"/>).</summary>
    PhotoReview = 4,

    /// <summary>The customer shared the store on a social network (<see cref="ActionKind.SocialShare"/>).</summary>
    SocialShare = 5,

    /// <summary>The customer referred someone (<see cref="ActionKind.Referral"/>); paid to the referring customer.</summary>
    ReferralReferrer = 6,

    /// <summary>The customer was referred (<see cref="ActionKind.Referral"/>); paid to the referred customer.</summary>
    ReferralReferee = 7,

    /// <summary>The customer answered a survey (<see cref="ActionKind.SurveyAnswer"/>).</summary>
    SurveyAnswer = 8,

    /// <summary>The customer's birthday, on the day or in the birth month as <see cref="BirthdayMode"/> says.</summary>
    Birthday = 9,
}
