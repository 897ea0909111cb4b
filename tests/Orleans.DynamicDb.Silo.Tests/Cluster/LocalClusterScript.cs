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
        // The script takes consecutive ports from each base (the first free one for each silo). Bases below the kernel's
        // ephemeral range (32768–60999), so that no outgoing connection of another test grabs one between the script's
        // check and the silo's bind (a FreePort base, in that range, did once).
        var bases = 20_000 + (Random.Shared.Next(0, 300) * 10); // 20,000–22,990; the last base ends below 31,000
        _environment = new()
        {
            ["DYNDB_SILO_DLL"] = Path.Combine(AppContext.BaseDirectory, "Orleans.DynamicDb.Silo.dll"),
            ["DYNDB_HTTP_PORT"] = Port(bases, 0),
            ["DYNDB_SILO_PORT"] = Port(bases, 1),
            ["DYNDB_GATEWAY_PORT"] = Port(bases, 2),
            ["DYNDB_REDIS_PORT"] = Port(bases, 3),
            ["DYNDB_PG_PORT"] = Port(bases, 4),
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

    /// <summary>The <paramref name="index"/>-th base port: 2,000 apart, so the silos' consecutive ports never meet the next base.</summary>
    private static string Port(int bases, int index) => (bases + (index * 2_000)).ToString(CultureInfo.InvariantCulture);

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
