using System.Diagnostics;
using System.Globalization;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// A copy of deploy/local-cluster.sh in a temporary folder (so its <c>deploy/.run</c> is the test's own), run with the
/// silo next to the tests and free ports. <see cref="DisposeAsync"/> runs <c>stop</c> and deletes the folder.
/// </summary>
internal sealed class LocalClusterScript : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dyndb-local-cluster-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _environment;

    public LocalClusterScript()
    {
        Directory.CreateDirectory(Path.Combine(_root, "deploy"));
        File.Copy(Path.Combine(RepositoryRoot(), "deploy", "local-cluster.sh"), Script);
        _environment = new()
        {
            ["DYNDB_SILO_DLL"] = Path.Combine(AppContext.BaseDirectory, "Orleans.DynamicDb.Silo.dll"),
            ["DYNDB_HTTP_PORT"] = Port(),
            ["DYNDB_SILO_PORT"] = Port(),
            ["DYNDB_GATEWAY_PORT"] = Port(),
            ["DYNDB_REDIS_PORT"] = Port(),
            ["DYNDB_PG_PORT"] = Port(),
            ["DYNDB_CLUSTER_ID"] = "local",
        };
    }

    /// <summary>The script's run folder (<c>deploy/.run</c> of the copy).</summary>
    public string Run => Path.Combine(_root, "deploy", ".run");

    private string Script => Path.Combine(_root, "deploy", "local-cluster.sh");

    /// <summary>A file of the run folder, trimmed: <c>Read("silo-1", "url")</c>.</summary>
    public string Read(params string[] path) => File.ReadAllText(Path.Combine([Run, .. path])).Trim();

    /// <summary>Runs <c>local-cluster.sh {arguments}</c> to its end and returns its exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Out, string Error)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        info.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await Eventually.Within(process.WaitForExitAsync(), $"local-cluster.sh {string.Join(' ', arguments)}", TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // PostgreSQL's files belong to 'postgres' when the tests run as root; the folder is under /tmp.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "local-cluster.sh")))
            {
                return directory.FullName;
            }
        }

        throw new FileNotFoundException($"deploy/local-cluster.sh was not found above {AppContext.BaseDirectory}.");
    }
}
