using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Retention.Tests.Infrastructure;

namespace Retention.Tests.Model;

public sealed class IdentifierTests
{
    public static TheoryData<Type> IdentifierTypes { get; } =
    [
        typeof(CustomerId), typeof(OrderId), typeof(ProductId), typeof(CategoryId),
        typeof(LineItemId), typeof(RefundId), typeof(EventKey),
    ];

    [Theory]
    [MemberData(nameof(IdentifierTypes))]
    public void Constructor_RejectsEmptyOrPaddedText_NamingTheField(Type type)
    {
        foreach (var bad in new[] { string.Empty, " ", "\t", " a", "a " })
        {
            var ex = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, bad));
            var invalid = Assert.IsType<InvalidValueException>(ex.InnerException);
            Assert.Equal(char.ToLowerInvariant(type.Name[0]) + type.Name[1..], invalid.Field);
            Assert.Equal("\"" + bad + "\"", invalid.Value);
        }

        var nullEx = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, [null]));
        Assert.IsType<ArgumentNullException>(nullEx.InnerException);
    }

    [Theory]
    [MemberData(nameof(IdentifierTypes))]
    public void Default_IsUnassigned_AndConstructedIsNot(Type type)
    {
        var unassigned = Activator.CreateInstance(type)!;
        var assigned = Activator.CreateInstance(type, "42")!;
        Assert.True((bool)type.GetProperty("IsUnassigned")!.GetValue(unassigned)!);
        Assert.Equal(string.Empty, type.GetProperty("Value")!.GetValue(unassigned));
        Assert.False((bool)type.GetProperty("IsUnassigned")!.GetValue(assigned)!);
        Assert.Equal("42", assigned.ToString());
    }

    [Fact]
    public void EqualityAndOrdering_AreOrdinal()
    {
        TestHelper.TestEqualsStruct(new CustomerId("abc"), new CustomerId("abc"), new CustomerId("ABC"), new CustomerId("abc1"), default);
        TestHelper.TestCompareToStruct(new CustomerId("B"), new CustomerId("B"), new CustomerId("a"), new CustomerId("b"), new CustomerId("ba"));
    }

    [Property(MaxTest = 300)]
    public Property ValidText_RoundTripsThroughValue(NonEmptyString text)
    {
        var value = text.Get;
        var valid = !string.IsNullOrWhiteSpace(value) && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]);
        return Prop.When(valid, () => new OrderId(value).Value == value && new OrderId(value) == new OrderId(value));
    }
}
