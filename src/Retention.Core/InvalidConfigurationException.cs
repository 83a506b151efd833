using System.Collections.ObjectModel;

namespace Retention;

/// <summary>
/// Thrown when options are turned into an immutable runtime model and one or more of them are invalid.
/// Every problem found is listed, not only the first.
/// </summary>
/// <remarks>Thread safety: instances are immutable once thrown.</remarks>
public sealed class InvalidConfigurationException : RetentionException
{
    /// <summary>Initializes a new instance listing every problem found.</summary>
    /// <param name="subject">What was being validated, for example <c>RetentionOptions</c>.</param>
    /// <param name="errors">The problems found, one sentence each naming the property and its value.</param>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="errors"/> is empty.</exception>
    public InvalidConfigurationException(string subject, IEnumerable<string> errors)
        : this(subject, Materialize(errors))
    {
    }

    private InvalidConfigurationException(string subject, string[] errors)
        : base(BuildMessage(subject, errors))
    {
        Subject = subject;
        Errors = new ReadOnlyCollection<string>(errors);
    }

    /// <summary>Gets what was being validated.</summary>
    /// <value>For example <c>RetentionOptions</c>.</value>
    public string Subject { get; }

    /// <summary>Gets every problem found, in the order they were checked.</summary>
    /// <value>A non-empty list of sentences.</value>
    public IReadOnlyList<string> Errors { get; }

    private static string[] Materialize(IEnumerable<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var array = errors.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return array;
    }

    private static string BuildMessage(string subject, string[] errors)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return "Invalid " + subject + ":" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e));
    }
}
