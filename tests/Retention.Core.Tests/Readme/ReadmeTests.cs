namespace Retention.Tests.Readme;

public sealed class ReadmeTests
{
    [Fact]
    public void UsageExample_InTheReadme_IsTheCompiledExample()
    {
        var readme = CodeBlock(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")));
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExample.cs.txt"));
        var compiled = Region(source, "usings").Concat(Region(source, "body")).ToArray();
        Assert.Equal(compiled, readme);
    }

    [Fact]
    public void ScoringExample_InTheReadme_IsCompiled_AndRuns()
    {
        var blocks = CodeBlocks(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")));
        Assert.Equal(3, blocks.Count);
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExample.cs.txt"));
        Assert.Equal(Region(source, "scoring").ToArray(), blocks[1]);

        var zone = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var placed = NodaTime.Instant.FromUtc(2026, 3, 1, 10, 0);
        var line = new OrderLine(new LineItemId("1"), new ProductId("p"), 1, new Money(10m, Currency.Usd));
        var orders = new[]
        {
            new Order(new OrderId("1"), new CustomerId("ann"), placed, Currency.Usd, [line]),
            new Order(new OrderId("2"), null, placed, Currency.Usd, [line]),
        };
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            ReadmeExample.RunScoring(orders, [], zone, new NodaTime.LocalDate(2026, 3, 31));
        }
        finally
        {
            Console.SetOut(original);
        }

        // One customer: every NTILE is 1 (R1 F1): Hibernating.
        Assert.Equal("Hibernating", captured.ToString().Trim());
    }

    [Fact]
    public void LoyaltyExample_InTheReadme_IsCompiled_AndPrintsWhatItsCommentsSay()
    {
        var blocks = CodeBlocks(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")));
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExample.cs.txt"));
        Assert.Equal(Region(source, "loyalty").ToArray(), blocks[2]);
        var expected = blocks[2].Where(l => l.StartsWith("// prints: ", StringComparison.Ordinal)).Select(l => l["// prints: ".Length..]).ToArray();
        Assert.Equal(5, expected.Length);

        var usd = Currency.Usd;
        var order = new Order(
            new OrderId("#1001"),
            new CustomerId("ann"),
            NodaTime.Instant.FromUtc(2026, 3, 14, 15, 0),
            usd,
            [
                new OrderLine(new LineItemId("1"), new ProductId("tshirt"), 2, new Money(20.00m, usd), discount: new Money(4.00m, usd)),
                new OrderLine(new LineItemId("2"), new ProductId("chinos"), 1, new Money(60.00m, usd)),
            ],
            orderDiscount: new Money(10.00m, usd),
            shipping: new Money(5.00m, usd),
            tax: new Money(6.30m, usd));
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            ReadmeExample.RunLoyalty(order);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(expected, captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void UsageExample_InThePackageReadme_IsTheSameExample()
    {
        var root = CodeBlock(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")));
        var package = CodeBlock(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PackageReadme.md")));
        Assert.Equal(root, package);
    }

    [Fact]
    public void UsageExample_PrintsWhatItsCommentsSay()
    {
        var expected = CodeBlock(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")))
            .Where(l => l.StartsWith("// prints: ", StringComparison.Ordinal))
            .Select(l => l["// prints: ".Length..])
            .ToArray();
        Assert.Equal(2, expected.Length);

        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            ReadmeExample.Run();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(expected, captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The first <c>```csharp</c> block, each line without its leading white space.</summary>
    private static string[] CodeBlock(string markdown) => CodeBlocks(markdown)[0];

    /// <summary>Every <c>```csharp</c> block, each line without its leading white space.</summary>
    private static List<string[]> CodeBlocks(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var blocks = new List<string[]>();
        for (var start = Array.FindIndex(lines, l => l.Trim() == "```csharp"); start >= 0; start = Array.FindIndex(lines, start + 1, l => l.Trim() == "```csharp"))
        {
            var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
            blocks.Add(lines[(start + 1)..end].Select(l => l.TrimStart()).ToArray());
            start = end;
        }

        Assert.True(blocks.Count > 0, "no ```csharp block");
        return blocks;
    }

    private static IEnumerable<string> Region(string source, string name)
    {
        var lines = source.Split('\n').Select(l => l.TrimEnd('\r').TrimStart()).ToArray();
        var start = Array.IndexOf(lines, "// README-BEGIN " + name);
        var end = Array.IndexOf(lines, "// README-END " + name);
        Assert.True(start >= 0 && end > start, "missing README markers for " + name);
        return lines[(start + 1)..end];
    }
}
