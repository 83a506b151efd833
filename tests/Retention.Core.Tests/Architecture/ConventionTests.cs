using System.Reflection;
using System.Runtime.CompilerServices;

namespace Retention.Tests.Architecture;

/// <summary>
/// Conventions enforced by reflection over the public surface, ported from NodaTime's ConsistencyTest and MutabilityTest.
/// </summary>
public sealed class ConventionTests
{
    private static readonly Type[] PublicTypes = [.. typeof(Money).Assembly.GetExportedTypes(), .. typeof(Retention.Shopify.ShopifyOrder).Assembly.GetExportedTypes()];

    [Fact]
    public void PublicClasses_AreSealedStaticOrAbstract()
    {
        var open = PublicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName);
        Assert.Empty(open);
    }

    [Fact]
    public void PublicStructs_AreReadOnly()
    {
        var mutable = PublicTypes
            .Where(t => t.IsValueType && !t.IsEnum)
            .Where(t => t.GetCustomAttribute<IsReadOnlyAttribute>() is null)
            .Select(t => t.FullName);
        Assert.Empty(mutable);
    }

    [Fact]
    public void EveryEquatable_HasEqualityOperators()
    {
        var missing = PublicTypes
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>) && i.GetGenericArguments()[0] == t))
            .Where(t => t.GetMethod("op_Equality", [t, t]) is null || t.GetMethod("op_Inequality", [t, t]) is null)
            .Select(t => t.FullName);
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryComparable_HasOrderingOperators()
    {
        var missing = PublicTypes
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IComparable<>) && i.GetGenericArguments()[0] == t))
            .Where(t => new[] { "op_LessThan", "op_LessThanOrEqual", "op_GreaterThan", "op_GreaterThanOrEqual" }.Any(op => t.GetMethod(op, [t, t]) is null))
            .Select(t => t.FullName);
        Assert.Empty(missing);
    }

    [Fact]
    public void NothingPublic_ExposesDateTimeOrDouble_ForTimeOrMoney()
    {
        var banned = new[] { typeof(DateTime), typeof(DateTimeOffset), typeof(DateTime?), typeof(DateTimeOffset?) };
        var offenders = new List<string>();
        foreach (var type in PublicTypes)
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var exposed = member switch
                {
                    PropertyInfo p => [p.PropertyType],
                    FieldInfo f => [f.FieldType],
                    MethodBase m => m.GetParameters().Select(p => p.ParameterType).Concat(m is MethodInfo mi ? [mi.ReturnType] : []),
                    _ => Enumerable.Empty<Type>(),
                };
                if (exposed.Any(banned.Contains))
                {
                    offenders.Add(type.Name + "." + member.Name);
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void PublicExceptions_DeriveFromRetentionException()
    {
        var stray = PublicTypes
            .Where(t => typeof(Exception).IsAssignableFrom(t) && !typeof(RetentionException).IsAssignableFrom(t))
            .Select(t => t.FullName);
        Assert.Empty(stray);
    }

    [Fact]
    public void PublicTypes_LiveInTheRetentionNamespaces()
    {
        var stray = PublicTypes.Where(t => t.Namespace is null || !(t.Namespace == "Retention" || t.Namespace.StartsWith("Retention.", StringComparison.Ordinal)));
        Assert.Empty(stray.Select(t => t.FullName));
    }
}
