using Retention.Cli;
using Retention.Cli.Reports;

namespace Retention.Tests.Cli;

public sealed class ReportConsoleTests
{
    private static Report Sample()
    {
        var report = new Report("Sample report");
        report.Add(new ReportFacts("revenue", "Revenue")).Add("net_sales", "net sales", 1234.5m, Display.Amount).Add("orders", "orders", 12);
        var wide = report.Add(new ReportTable("cohorts", "Cohorts", [new("cohort", "cohort"), new("size", "size", Display.Count), .. Enumerable.Range(0, 30).Select(k => new ReportColumn("month_" + k, "+" + k, Display.Share))]));
        wide.ConsoleColumns = 32;
        wide.Add(["2026-01", 1500, .. Enumerable.Range(0, 30).Select(k => (object?)(k == 29 ? null : 1d / (k + 1)))]);
        report.Add(new ReportTable("risk", "Risk", new ReportColumn("customer_id", "customer"), new ReportColumn("signals", "signals", Display.Signals)))
            .Add("c1", "low_probability_alive+overdue_for_rhythm");
        return report;
    }

    [Fact]
    public void Rich_RendersTablesThatFitTheWidth_DroppingTrailingColumnsOfWideTables()
    {
        using var output = new StringWriter();
        new ReportConsole.Rich(output).Render(Sample());
        var text = System.Text.RegularExpressions.Regex.Replace(output.ToString(), "\u001b\\[[0-9;]*m", string.Empty); // colours and bold
        Assert.Contains("1,234.50", text, StringComparison.Ordinal);
        Assert.Contains("╭", text, StringComparison.Ordinal);
        Assert.Contains("low P(alive), overdue", text, StringComparison.Ordinal);
        Assert.Contains("+0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+29", text, StringComparison.Ordinal); // 32 columns do not fit in 80 characters
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, line));
    }

    [Fact]
    public void Plain_WritesAlignedText_AndFilesKeepTheExactValues()
    {
        using var output = new StringWriter();
        var report = Sample();
        new ReportConsole.Plain(output).Render(report);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("Sample report", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  net sales", StringComparison.Ordinal) && l.EndsWith("1,234.50", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  c1        low P(alive), overdue", StringComparison.Ordinal));

        Assert.Equal("name,value\nnet_sales,1234.5\norders,12\n", ReportFolder.ToCsv(report.Sections[0]));
        Assert.Equal("customer_id,signals\nc1,low_probability_alive+overdue_for_rhythm\n", ReportFolder.ToCsv(report.Sections[2]));
        var cohortCsv = ReportFolder.ToCsv(report.Sections[1]).Split('\n');
        Assert.StartsWith("2026-01,1500,1,0.5,0.3333333333333333,", cohortCsv[1], StringComparison.Ordinal);
        Assert.EndsWith(",", cohortCsv[1], StringComparison.Ordinal); // the missing month is an empty field
    }

    [Fact]
    public void RunSteps_RunsEveryStepInOrder_InBothConsoles()
    {
        foreach (var console in new ReportConsole[] { new ReportConsole.Plain(TextWriter.Null), new ReportConsole.Rich(new StringWriter()) })
        {
            var done = new List<int>();
            console.RunSteps([("one", () => done.Add(1)), ("two", () => done.Add(2)), ("three", () => done.Add(3))]);
            Assert.Equal([1, 2, 3], done);
        }
    }

    [Fact]
    public void For_AWriterThatIsNotTheTerminal_IsPlain() => Assert.IsType<ReportConsole.Plain>(ReportConsole.For(new StringWriter()));
}
