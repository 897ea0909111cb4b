using System.Globalization;
using System.Runtime.InteropServices;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The CPU priority (nice value) of a PostgreSQL server process (a backend: one per connection), through libc's
/// <c>setpriority</c> and <c>/proc</c>. Linux only; raising a nice value needs the server's user or <c>CAP_SYS_NICE</c>,
/// lowering it again always needs <c>CAP_SYS_NICE</c>, so a backend is reniced once and never back.
/// </summary>
internal static class BackendPriority
{
    /// <summary>errno ESRCH: no such process (or not one of this machine's).</summary>
    public const int NoSuchProcess = 3;

    /// <summary>errno ENOSYS: not supported here (not Linux).</summary>
    public const int NotSupported = 38;

    private const int PrioProcess = 0;

    /// <summary>
    /// Sets the nice value of the local PostgreSQL process <paramref name="pid"/> to <paramref name="nice"/>: 0 when done,
    /// else the errno (<see cref="NotSupported"/> off Linux, <see cref="NoSuchProcess"/> when <paramref name="pid"/> is
    /// not a <c>postgres</c> process of this machine).
    /// </summary>
    public static int TryLower(int pid, int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return NotSupported;
        }

        if (pid <= 0 || !IsPostgres(pid))
        {
            return NoSuchProcess;
        }

        return setpriority(PrioProcess, (uint)pid, nice) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The nice value of process <paramref name="pid"/> (field 19 of <c>/proc/{pid}/stat</c>), null when it is gone.</summary>
    public static int? NiceOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>True when <paramref name="pid"/> is a process of this machine named <c>postgres</c> (backends keep that name).</summary>
    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n') == "postgres";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A plain P/Invoke (blittable, no marshalling): LibraryImport would need unsafe code in this project.
    [DllImport("libc", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int setpriority(int which, uint who, int prio);
}
