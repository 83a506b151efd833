namespace Retention.Orleans.Tests.Infrastructure;

/// <summary>
/// Finds <c>../shared</c> (datasets and fixtures that must not be copied into the repository) beside the repository root.
/// </summary>
/// <remarks>
/// A test that needs it calls <see cref="PathTo"/>: when the folder is missing the test is skipped with the reason, unless
/// the environment variable <c>RETENTION_REQUIRE_SHARED=1</c> is set (as <c>.ci/run</c> does), in which case it fails.
/// </remarks>
internal static class SharedData
{
    internal const string RequireVariable = "RETENTION_REQUIRE_SHARED";

    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>Gets the shared folder, or <see langword="null"/> when it is not beside the repository.</summary>
    internal static string? Folder => Root.Value;

    /// <summary>Gets whether a missing shared folder must fail the run.</summary>
    internal static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Returns the path of a file under <c>../shared</c>, or skips (or fails, when required) the calling test.</summary>
    internal static string PathTo(string relativePath)
    {
        var root = Folder;
        if (root is null)
        {
            const string Reason = "../shared is not beside the repository (a clone elsewhere); set it up to run this oracle test.";
            if (Required)
            {
                Assert.Fail(RequireVariable + "=1 but " + Reason);
            }

            Assert.Skip(Reason);
        }

        var path = Path.Combine(root, relativePath);
        Assert.True(File.Exists(path), "Missing shared file: " + path);
        return path;
    }

    /// <summary>Walks up from the test binaries to the repository root (the folder with Retention.Core.sln) and looks beside it.</summary>
    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Retention.Core.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared");
                return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
            }
        }

        return null;
    }
}
