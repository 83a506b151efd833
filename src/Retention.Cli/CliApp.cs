using System.CommandLine;

namespace Retention.Cli;

/// <summary>Builds the command tree and runs it against given writers, so tests can run the real program in-process.</summary>
internal static class CliApp
{
    /// <summary>Exit code for success.</summary>
    internal const int Success = 0;

    /// <summary>Exit code for bad data (a file that cannot be read or has bad rows).</summary>
    internal const int BadData = 1;

    /// <summary>Exit code for bad usage (unknown command or option, missing argument).</summary>
    internal const int BadUsage = 2;

    /// <summary>Runs the program.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="output">Where normal output goes.</param>
    /// <param name="error">Where errors go.</param>
    /// <returns>The exit code.</returns>
    internal static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("retention: loyalty, RFM, retention metrics and CLV for an online store's orders.");
        root.Subcommands.Add(DemoCommand.Create(output, error));
        root.Subcommands.Add(RfmCommand.Create(output, error));
        root.Subcommands.Add(MetricsCommand.Create(output));
        root.Subcommands.Add(ClvCommand.Create(output, error));
        root.Subcommands.Add(AnalyzeCommand.Create(output, error));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine(parseError.Message);
            }

            error.WriteLine("Run 'retention --help' for usage.");
            return BadUsage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            error.WriteLine("error: " + ex.Message);
            error.WriteLine("Run 'retention --help' for usage.");
            return BadUsage;
        }
        catch (Exception ex) when (ex is RetentionException or BadDataException)
        {
            error.WriteLine("error: " + ex.Message);
            return BadData;
        }
    }
}
