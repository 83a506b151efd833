using Retention.Cli;

namespace Retention.Tests.Infrastructure;

/// <summary>Runs the real <c>retention</c> program in-process and gives files to feed it in a temporary folder.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("retention-cli-").FullName;

    /// <summary>Gets the temporary folder, deleted on dispose.</summary>
    internal string Folder => _folder;

    /// <summary>Runs the program with the arguments; returns the exit code and what it wrote.</summary>
    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Writes a file into the folder and returns its path.</summary>
    internal string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
