using System.Diagnostics;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>PostgreSQL processes found by their working directory (a server runs in its data directory), and SIGKILL.</summary>
internal static class PostgresProcesses
{
    /// <summary>The processes whose working directory is <paramref name="directory"/>.</summary>
    public static IReadOnlyList<int> In(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } target
                    && Path.TrimEndingDirectorySeparator(target) == Path.TrimEndingDirectorySeparator(directory))
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

    /// <summary>Sends SIGKILL to <paramref name="pid"/>; false when it was gone already.</summary>
    public static bool Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
