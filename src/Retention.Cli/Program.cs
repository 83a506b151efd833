namespace Retention.Cli;

/// <summary>The <c>retention</c> command-line program.</summary>
internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
