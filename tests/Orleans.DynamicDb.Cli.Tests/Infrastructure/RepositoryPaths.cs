namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>Where the repository and this build's configuration are, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Orleans.DynamicDb.sln.</summary>
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Orleans.DynamicDb.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No Orleans.DynamicDb.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The build configuration of the tests (Debug or Release), read from bin/{Configuration}/{tfm}/.</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}
