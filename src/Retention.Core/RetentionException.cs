namespace Retention;

/// <summary>
/// The base type of every exception the library throws for bad input or an impossible request.
/// </summary>
/// <remarks>
/// <para>Catch this type to handle all of the library's own failures; argument <see langword="null"/> checks still throw
/// <see cref="ArgumentNullException"/> as the BCL does.</para>
/// <para>Thread safety: instances are immutable once thrown.</para>
/// </remarks>
public abstract class RetentionException : Exception
{
    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">A message that names what was wrong.</param>
    protected RetentionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">A message that names what was wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    protected RetentionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
