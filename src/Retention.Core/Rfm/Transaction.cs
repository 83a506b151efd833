using System.Runtime.InteropServices;
using NodaTime;

namespace Retention.Rfm;

/// <summary>
/// One order or refund in the compact form the summary loop reads: a dense customer index, the local date, an amount.
/// </summary>
/// <remarks>
/// <para>The customer is an index from 0 to the population size - 1, assigned once at the edge (see
/// <see cref="CustomerIndex"/>), so the hot loop indexes arrays instead of hashing identifiers. The date is the store's
/// (or the customer's) local date of the order, already converted from its <see cref="Instant"/>.</para>
/// <para>Invariants checked at construction: the customer index is not negative, the date is in the ISO calendar, the
/// amount is not negative, and the kind is defined. The default value is a zero purchase by customer 0 on 0001-01-01.</para>
/// <para>Thread safety: immutable value type.</para>
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Transaction : IEquatable<Transaction>
{
    private readonly decimal _amount;
    private readonly int _customer;
    private readonly int _dayNumber;
    private readonly TransactionKind _kind;

    /// <summary>Initializes a new transaction.</summary>
    /// <param name="customer">The customer's dense index, 0 or more.</param>
    /// <param name="date">The local date of the order or refund, in the ISO calendar.</param>
    /// <param name="amount">The amount spent (purchase) or paid back (refund); not negative.</param>
    /// <param name="kind">Purchase or refund.</param>
    /// <exception cref="InvalidValueException">Thrown when an argument breaks a rule in the remarks.</exception>
    public Transaction(int customer, LocalDate date, decimal amount, TransactionKind kind = TransactionKind.Purchase)
    {
        Preconditions.CheckValue(customer >= 0, "customer", customer, "must not be negative");
        Preconditions.CheckValue(date.Calendar == CalendarSystem.Iso, "date", date, "must be in the ISO calendar");
        Preconditions.CheckValue(amount >= 0m, "amount", amount, "must not be negative (a refund has a positive amount and kind Refund)");
        Preconditions.CheckValue(Enum.IsDefined(kind), "kind", kind, "is not a defined transaction kind");
        _customer = customer;
        _dayNumber = DayNumbers.ToDayNumber(date);
        _amount = amount;
        _kind = kind;
    }

    /// <summary>Gets the customer's dense index.</summary>
    /// <value>0 or more.</value>
    public int Customer => _customer;

    /// <summary>Gets the local date.</summary>
    /// <value>A date in the ISO calendar.</value>
    public LocalDate Date => DayNumbers.ToDate(_dayNumber);

    /// <summary>Gets the amount.</summary>
    /// <value>Not negative.</value>
    public decimal Amount => _amount;

    /// <summary>Gets whether this is a purchase or a refund.</summary>
    /// <value>The kind.</value>
    public TransactionKind Kind => _kind;

    /// <summary>Gets the date as a day number (days since 0001-01-01), the form the loops compare.</summary>
    internal int DayNumber => _dayNumber;

    /// <summary>Creates a purchase.</summary>
    /// <param name="customer">The customer's dense index.</param>
    /// <param name="date">The local date.</param>
    /// <param name="amount">The amount spent.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="InvalidValueException">Thrown when an argument is invalid.</exception>
    public static Transaction Purchase(int customer, LocalDate date, decimal amount) => new(customer, date, amount, TransactionKind.Purchase);

    /// <summary>Creates a refund.</summary>
    /// <param name="customer">The customer's dense index.</param>
    /// <param name="date">The local date the money was paid back.</param>
    /// <param name="amount">The amount paid back, as a positive number.</param>
    /// <returns>The transaction.</returns>
    /// <exception cref="InvalidValueException">Thrown when an argument is invalid.</exception>
    public static Transaction Refund(int customer, LocalDate date, decimal amount) => new(customer, date, amount, TransactionKind.Refund);

    /// <inheritdoc cref="Equals(object?)"/>
    public bool Equals(Transaction other) =>
        _customer == other._customer && _dayNumber == other._dayNumber && _amount == other._amount && _kind == other._kind;

    /// <summary>Returns whether <paramref name="obj"/> is a transaction with equal fields.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => obj is Transaction other && Equals(other);

    /// <summary>Returns a hash code of the fields.</summary>
    /// <returns>A hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(_customer, _dayNumber, _amount, _kind);

    /// <summary>Returns whether two transactions have equal fields.</summary>
    /// <param name="left">The first transaction.</param>
    /// <param name="right">The second transaction.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(Transaction left, Transaction right) => left.Equals(right);

    /// <summary>Returns whether two transactions differ.</summary>
    /// <param name="left">The first transaction.</param>
    /// <param name="right">The second transaction.</param>
    /// <returns><see langword="true"/> when not equal.</returns>
    public static bool operator !=(Transaction left, Transaction right) => !left.Equals(right);
}
