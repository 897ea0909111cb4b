namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Resource limits of a process from /proc/{pid}/limits.</summary>
internal static class ProcessLimits
{
    /// <summary>The soft "Max open files" limit of a process ("self" or a pid), or "?".</summary>
    public static string OpenFiles(string process)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
