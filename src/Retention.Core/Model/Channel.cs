namespace Retention;

/// <summary>A marketing channel that needs the customer's consent.</summary>
public enum Channel
{
    /// <summary>E-mail.</summary>
    Email = 0,

    /// <summary>Text message.</summary>
    Sms = 1,

    /// <summary>Mobile or web push notification.</summary>
    Push = 2,

    /// <summary>WhatsApp or a similar messaging app.</summary>
    Messaging = 3,

    /// <summary>Printed mail.</summary>
    PostalMail = 4,
}
