using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Memory of other processes from /proc: resident set (VmRSS) and proportional set size (Pss, shared pages split between their users).</summary>
internal static class ProcessMemory
{
    /// <summary>The process's VmRSS in bytes (0 when it is gone).</summary>
    public static long Resident(int pid) => Field($"/proc/{pid}/status", "VmRSS:");

    /// <summary>The process's Pss in bytes from smaps_rollup (0 when it is gone or not readable).</summary>
    public static long Proportional(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>The value in kB of the first line starting with <paramref name="name"/>, in bytes.</summary>
    public static long Field(string path, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return ParseKilobytes(line[name.Length..]);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone
        }

        return 0;
    }

    /// <summary>"   1234 kB" as bytes.</summary>
    public static long ParseKilobytes(string value) =>
        long.Parse(value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) * 1024;
}
