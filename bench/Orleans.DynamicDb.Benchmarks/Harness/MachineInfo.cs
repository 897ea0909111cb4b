using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>What the numbers were measured on: cores, CPU model, memory, OS, .NET and GC settings, build kind.</summary>
internal static class MachineInfo
{
    /// <summary>True when this assembly was compiled with optimizations (a Release build).</summary>
    public static bool IsOptimized =>
        typeof(MachineInfo).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };

    public static string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"- cores (nproc): {Environment.ProcessorCount}");
        text.AppendLine($"- CPU: {ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()}, {ReadField("/proc/cpuinfo", "cpu MHz") ?? "?"} MHz");
        text.AppendLine($"- memory: {Memory()}");
        text.AppendLine($"- OS: {OsName()} ({RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.OSArchitecture})");
        text.AppendLine($"- .NET: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        text.AppendLine($"- GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {GCSettings.LatencyMode}; build: {(IsOptimized ? "Release (optimized)" : "DEBUG (not optimized: numbers are meaningless)")}");
        return text.ToString();
    }

    private static string Memory()
    {
        var total = ReadField("/proc/meminfo", "MemTotal");
        if (total is null || !long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kilobytes))
        {
            return $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB available to the GC";
        }

        return $"{kilobytes / (1024.0 * 1024):F1} GiB";
    }

    private static string OsName()
    {
        var pretty = ReadField("/etc/os-release", "PRETTY_NAME", '=');
        return pretty?.Trim('"') ?? RuntimeInformation.OSDescription;
    }

    /// <summary>The value of the first "name: value" (or "name=value") line of a file, or null.</summary>
    private static string? ReadField(string path, string name, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == name)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
