using System.Diagnostics;
using System.Runtime.Versioning;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// Finds a member's processes without asking PostgreSQL: the postmaster from <c>postmaster.pid</c>, and every server
/// process by its working directory (PostgreSQL processes run inside their data directory), which also finds the
/// backends a SIGKILLed postmaster leaves behind.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class MemberProcesses
{
    /// <summary>The postmaster's pid when one is alive on <paramref name="dataDirectory"/>, otherwise null.</summary>
    public static int? Postmaster(string dataDirectory)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
            return lines.Length > 0 && int.TryParse(lines[0].Trim(), out var pid) && RunsIn(pid, dataDirectory) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the process is stopped by a signal (state 'T' in <c>/proc/{pid}/stat</c>, e.g. after SIGSTOP).</summary>
    public static bool IsStopped(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'T' or 't';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every live process whose working directory is <paramref name="dataDirectory"/>.</summary>
    public static IReadOnlyList<int> All(string dataDirectory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && RunsIn(pid, dataDirectory))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>SIGKILLs every process of the data directory, waits (bounded, checking every <paramref name="poll"/>, default 20 ms) until they are gone and removes the stale lock file.</summary>
    public static async Task KillAllAsync(string dataDirectory, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (All(dataDirectory) is { Count: > 0 } pids)
        {
            foreach (var pid in pids)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // already gone
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Processes {string.Join(", ", pids)} of '{dataDirectory}' survived SIGKILL for {timeout.TotalSeconds} s.");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        // A postmaster killed with SIGKILL leaves its lock file, and its pid may live on as a zombie that PostgreSQL's
        // own check takes for a running server; nothing runs in the directory now, so the lock is stale.
        if (Directory.Exists(dataDirectory))
        {
            File.Delete(Path.Combine(dataDirectory, "postmaster.pid"));
        }
    }

    private static bool RunsIn(int pid, string dataDirectory)
    {
        try
        {
            var target = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
            return target is not null && string.Equals(Path.TrimEndingDirectorySeparator(target), Path.TrimEndingDirectorySeparator(dataDirectory), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
