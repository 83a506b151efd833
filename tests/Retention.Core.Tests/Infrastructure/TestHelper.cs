namespace Retention.Tests.Infrastructure;

/// <summary>
/// Contract checks for value types, ported from NodaTime's TestHelper: equality, hashing, ordering and the operators
/// must all agree with each other.
/// </summary>
internal static class TestHelper
{
    /// <summary>Checks that creating a value throws <see cref="InvalidValueException"/> naming <paramref name="field"/>, with
    /// <paramref name="rule"/> in its message.</summary>
    internal static void Refuses(Func<object> create, string field, string rule)
    {
        var error = Assert.Throws<InvalidValueException>(create);
        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Checks Equals, GetHashCode, == and != for a value, an equal value and unequal values.</summary>
    internal static void TestEqualsStruct<T>(T value, T equalValue, params T[] unequalValues)
        where T : struct, IEquatable<T>
    {
        Assert.True(value.Equals(equalValue));
        Assert.True(value.Equals((object)equalValue));
        Assert.Equal(value.GetHashCode(), equalValue.GetHashCode());
        Assert.False(value.Equals((object?)null));
        Assert.False(value.Equals(new object()));
        Assert.True(Operator<T, bool>("op_Equality", value, equalValue));
        Assert.False(Operator<T, bool>("op_Inequality", value, equalValue));
        foreach (var unequal in unequalValues)
        {
            Assert.False(value.Equals(unequal));
            Assert.False(value.Equals((object)unequal));
            Assert.False(Operator<T, bool>("op_Equality", value, unequal));
            Assert.True(Operator<T, bool>("op_Inequality", value, unequal));
        }
    }

    /// <summary>Checks CompareTo (generic and not) and the four ordering operators for a value, an equal value and greater values.</summary>
    internal static void TestCompareToStruct<T>(T value, T equalValue, params T[] greaterValues)
        where T : struct, IComparable<T>, IComparable
    {
        Assert.Equal(0, value.CompareTo(equalValue));
        Assert.Equal(0, ((IComparable)value).CompareTo(equalValue));
        Assert.True(((IComparable)value).CompareTo(null) > 0);
        Assert.Throws<ArgumentException>(() => ((IComparable)value).CompareTo(new object()));
        Assert.False(Operator<T, bool>("op_LessThan", value, equalValue));
        Assert.True(Operator<T, bool>("op_LessThanOrEqual", value, equalValue));
        Assert.False(Operator<T, bool>("op_GreaterThan", value, equalValue));
        Assert.True(Operator<T, bool>("op_GreaterThanOrEqual", value, equalValue));
        foreach (var greater in greaterValues)
        {
            Assert.True(value.CompareTo(greater) < 0);
            Assert.True(greater.CompareTo(value) > 0);
            Assert.True(Operator<T, bool>("op_LessThan", value, greater));
            Assert.True(Operator<T, bool>("op_LessThanOrEqual", value, greater));
            Assert.False(Operator<T, bool>("op_GreaterThan", value, greater));
            Assert.False(Operator<T, bool>("op_GreaterThanOrEqual", value, greater));
            Assert.True(Operator<T, bool>("op_GreaterThan", greater, value));
            Assert.True(Operator<T, bool>("op_GreaterThanOrEqual", greater, value));
            Assert.False(Operator<T, bool>("op_LessThan", greater, value));
            Assert.False(Operator<T, bool>("op_LessThanOrEqual", greater, value));
        }
    }

    private static TResult Operator<T, TResult>(string name, T left, T right)
    {
        var method = typeof(T).GetMethod(name, [typeof(T), typeof(T)])
            ?? throw new InvalidOperationException(typeof(T).Name + " has no " + name);
        return (TResult)method.Invoke(null, [left, right])!;
    }
}
