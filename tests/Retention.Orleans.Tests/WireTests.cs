using System.Reflection;
using Retention.Loyalty;
using Retention.Orleans.Tests.Infrastructure;

namespace Retention.Orleans.Tests;

/// <summary>The wire records and the package's public surface, without a cluster.</summary>
public sealed class WireTests
{
    private static readonly Type[] PublicTypes = typeof(ICustomerGrain).Assembly.GetExportedTypes();

    [Fact]
    public void Wire_events_keep_the_core_idempotency_keys()
    {
        var events = Samples.Events(customers: 3, seed: 5, prefix: "wire-");
        Assert.All(events, e => Assert.Equal(e.Key.Value, CustomerEvent.From(e).Key));
    }

    [Fact]
    public void Birthdays_and_referrals_are_not_carried_by_the_customer_grain()
    {
        var profile = new CustomerProfile(new CustomerId("b"), Samples.Start, NodaTime.DateTimeZone.Utc, new NodaTime.AnnualDate(3, 1));
        Assert.Throws<ArgumentException>(() => CustomerEvent.From(new BirthdayReached(profile, Samples.Start)));
        var referral = new CustomerAction(new EventKey("ref-1"), new CustomerId("a"), ActionKind.Referral, Samples.Start, referredCustomerId: new CustomerId("b"));
        Assert.Throws<ArgumentException>(() => CustomerEvent.From(new ActionPerformed(referral)));
    }

    [Fact]
    public void Public_classes_are_sealed_static_or_abstract()
    {
        Assert.Empty(PublicTypes.Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract).Select(t => t.FullName));
    }

    [Fact]
    public void Nothing_public_exposes_DateTime()
    {
        var banned = new[] { typeof(DateTime), typeof(DateTimeOffset), typeof(DateTime?), typeof(DateTimeOffset?) };
        var offenders = PublicTypes
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m switch
            {
                PropertyInfo p => banned.Contains(p.PropertyType),
                MethodInfo mi => banned.Contains(mi.ReturnType) || mi.GetParameters().Any(p => banned.Contains(p.ParameterType)),
                _ => false,
            })
            .Select(m => m.DeclaringType!.Name + "." + m.Name);
        Assert.Empty(offenders);
    }
}
