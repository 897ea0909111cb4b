using System.Diagnostics;
using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// How busy the rest of the machine was while the benchmark ran: CPU time of all processes (from /proc/stat) minus
/// this process's own, so a run that shared its cores with other work can be told from a clean one.
/// </summary>
internal sealed class MachineLoad
{
    private const double ClockTicksPerSecond = 100;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly double _machineBusySeconds = MachineBusySeconds();
    private readonly double _ownSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    private readonly string _loadAverage = LoadAverage();

    /// <summary>Average cores kept busy by other processes since this snapshot, and the load averages at both ends.</summary>
    public string Describe()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var machine = MachineBusySeconds() - _machineBusySeconds;
        var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _ownSeconds;
        if (double.IsNaN(machine))
        {
            return "machine load unknown (no /proc/stat)";
        }

        return $"this process used {own / wall:F2} cores, other processes {Math.Max(0, machine - own) / wall:F2} cores on average "
            + $"over {wall:F0} s; 1-minute load average {_loadAverage} at the start, {LoadAverage()} at the end";
    }

    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return double.NaN;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => fields.Length > i ? long.Parse(fields[i], CultureInfo.InvariantCulture) : 0;
        return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / ClockTicksPerSecond;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
