using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Retention.Tests;

public sealed class RetentionServiceCollectionExtensionsTests
{
    [Fact]
    public void AddRetention_RegistersSettingsAndTheSystemClock_InARealContainer()
    {
        var services = new ServiceCollection();
        var returned = services.AddRetention(o =>
        {
            o.StoreTimeZone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
            o.StoreCurrency = Currency.Eur;
        });
        Assert.Same(services, returned);

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var settings = provider.GetRequiredService<RetentionSettings>();
        Assert.Equal("Europe/Paris", settings.StoreTimeZone.Id);
        Assert.Equal(Currency.Eur, settings.StoreCurrency);
#pragma warning disable RS0030 // Asserting the default registration itself.
        Assert.Same(SystemClock.Instance, provider.GetRequiredService<IClock>());
#pragma warning restore RS0030
        Assert.Same(settings, provider.GetRequiredService<RetentionSettings>());
    }

    [Fact]
    public void AddRetention_KeepsAClockTheHostRegisteredFirst()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 1, 1, 0, 0));
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddRetention();
        using var provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<IClock>());
    }

    [Fact]
    public void AddRetention_IsIdempotent_AndTheFirstSettingsStay()
    {
        var services = new ServiceCollection();
        services.AddRetention(o => o.StoreCurrency = Currency.Usd);
        var count = services.Count;
        services.AddRetention(o => o.StoreCurrency = Currency.Gbp);
        Assert.Equal(count, services.Count);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(Currency.Usd, provider.GetRequiredService<RetentionSettings>().StoreCurrency);
    }

    [Fact]
    public void AddRetention_InvalidOptions_FailAtOnceListingEveryProblem()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<InvalidConfigurationException>(() => services.AddRetention(o =>
        {
            o.StoreTimeZone = null!;
            o.StoreCurrency = default(Currency);
        }));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal(
            "Invalid RetentionOptions:" + Environment.NewLine +
            "- StoreTimeZone must not be null; use DateTimeZone.Utc for UTC." + Environment.NewLine +
            "- StoreCurrency must be a real currency, not XXX (no currency); leave it null for none.",
            ex.Message);
        Assert.Empty(services);
    }

    [Fact]
    public void AddRetention_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => RetentionServiceCollectionExtensions.AddRetention(null!));
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new RetentionOptions();
        Assert.Same(DateTimeZone.Utc, options.StoreTimeZone);
        Assert.Null(options.StoreCurrency);
        Assert.Same(DateTimeZone.Utc, RetentionSettings.Default.StoreTimeZone);
        Assert.Null(RetentionSettings.Default.StoreCurrency);
    }

    [Fact]
    public void Settings_AreFrozen_AgainstLaterOptionChanges()
    {
        var options = new RetentionOptions { StoreCurrency = Currency.Usd };
        var settings = RetentionSettings.Create(options);
        options.StoreCurrency = Currency.Eur;
        Assert.Equal(Currency.Usd, settings.StoreCurrency);
    }
}
