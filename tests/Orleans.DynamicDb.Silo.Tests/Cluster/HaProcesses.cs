namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>Processes found by their working directory (PostgreSQL servers run inside their data directory).</summary>
internal static class HaProcesses
{
    /// <summary>Live processes whose working directory is <paramref name="root"/> or below it.</summary>
    public static IReadOnlyList<int> Under(string root)
    {
        var prefix = Path.TrimEndingDirectorySeparator(root);
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var target = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var zombie = stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && target is not null && (target == prefix || target.StartsWith(prefix + "/", StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours to read
            }
        }

        return found;
    }

    /// <summary>True when <paramref name="pid"/> is a live (not zombie) process.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
