using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>CPU time of another process from /proc/{pid}/stat (user + system, in clock ticks of 1/100 s).</summary>
internal static class ProcessCpu
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>The user + system CPU seconds the process has used; NaN when it is gone.</summary>
    public static double Seconds(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// utime + stime (fields 14 and 15) of a stat line, in seconds. The command name (field 2) is in parentheses and may
    /// hold spaces and parentheses itself, so fields are counted from the last ')'.
    /// </summary>
    public static double Parse(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }
}
