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
    private static string[] CodeBlock(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var start = Array.FindIndex(lines, l => l.Trim() == "```csharp");
        Assert.True(start >= 0, "no ```csharp block");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
        return lines[(start + 1)..end].Select(l => l.TrimStart()).ToArray();
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
