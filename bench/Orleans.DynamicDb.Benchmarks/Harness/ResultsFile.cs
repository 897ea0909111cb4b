using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Appends a run's report to <c>bench/RESULTS.md</c> as a new dated section (date, command, machine, load, tables).</summary>
internal static class ResultsFile
{
    /// <summary>Appends the section; answers the file's path. The file is found by walking up from the working directory, then from the build output.</summary>
    public static string Append(string part, string title, string[] commandLine, string[] args, string report)
    {
        var path = Find(Environment.CurrentDirectory) ?? Find(AppContext.BaseDirectory)
            ?? throw new FileNotFoundException("bench/RESULTS.md not found above the working directory or the build output; run from the repository or pass --no-results.");
        var now = DateTime.UtcNow;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## {title} ({now:yyyy-MM-dd HH:mm} UTC)"));
        text.AppendLine();
        // The knobs set for the run belong to the command.
        var knobs = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("DYNDB_BENCH_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)} ");
        text.AppendLine($"Command: `{string.Concat(knobs)}dotnet run -c Release --project bench/Orleans.DynamicDb.Benchmarks -- {string.Join(' ', args)}` (part `{part}`; "
            + $"{(commandLine.Length > 0 ? Path.GetFileName(commandLine[0]) : "the harness")}).");
        text.AppendLine();
        text.AppendLine("Machine (shared with other engineers' builds: see the load lines):");
        text.AppendLine();
        text.Append(report);
        File.AppendAllText(path, text.ToString());
        return path;
    }

    private static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "bench", "RESULTS.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
