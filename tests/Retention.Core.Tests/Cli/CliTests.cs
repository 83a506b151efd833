using Retention.Tests.Infrastructure;

namespace Retention.Tests.Cli;

public sealed class CliTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("nonsense")]
    [InlineData("demo", "--bogus")]
    [InlineData("demo", "--customers", "0")]
    [InlineData("demo", "--customers", "abc")]
    [InlineData("analyze")]
    [InlineData("analyze", "--input", "orders.csv", "--holdout-weeks", "x")]
    [InlineData("analyze", "--input", "orders.csv", "--as-of", "yesterday")]
    public void BadUsage_ExitsWith2_AndExplainsOnStderr(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("retention --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheAssemblyVersion()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
    }
}
