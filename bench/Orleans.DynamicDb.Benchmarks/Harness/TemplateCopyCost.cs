using System.Diagnostics;
using System.Runtime.Versioning;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The steps a managed PostgreSQL create takes before the instance starts, done the way the engine does them
/// (TemplateCluster.CopyToAsync) on the engine's own template, each timed: copy the template's files, give the copy to
/// the 'postgres' user (chown -R), flush the file system (sync -f, a syncfs of the whole file system).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class TemplateCopyCost
{
    private const int Samples = 5;

    public static async Task<string> DescribeAsync(string managedDataDirectory)
    {
        var template = Directory.EnumerateDirectories(Path.Combine(managedDataDirectory, ".templates")).First();
        var files = Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var copy = new List<long>();
        var chown = new List<long>();
        var sync = new List<long>();
        for (var i = 0; i < Samples; i++)
        {
            var destination = Path.Combine(managedDataDirectory, $".copy-probe-{i}");
            var started = Stopwatch.GetTimestamp();
            CopyTree(template, destination);
            copy.Add(Stopwatch.GetTimestamp() - started);
            started = Stopwatch.GetTimestamp();
            if (ProcessRunner.IsRoot)
            {
                await ProcessRunner.RunAsync("chown", ["-R", "postgres:postgres", destination], TimeSpan.FromMinutes(1));
            }

            chown.Add(Stopwatch.GetTimestamp() - started);
            started = Stopwatch.GetTimestamp();
            await ProcessRunner.RunAsync("sync", ["-f", destination], TimeSpan.FromMinutes(5));
            sync.Add(Stopwatch.GetTimestamp() - started);
            Directory.Delete(destination, recursive: true);
        }

        return $"template {files.Count} files, {bytes / (1024.0 * 1024):F1} MiB; copy {new Latencies(copy).Describe(1)}; chown -R {new Latencies(chown).Describe(1)}; "
            + $"sync -f {new Latencies(sync).Describe(1)} ({Samples} samples)";
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination, File.GetUnixFileMode(source));
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)), File.GetUnixFileMode(directory));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
