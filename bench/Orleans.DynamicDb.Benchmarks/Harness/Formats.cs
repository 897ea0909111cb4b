using System.Diagnostics;
using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Number formats and time conversions shared by the suites.</summary>
internal static class Formats
{
    public static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static double TicksToMicroseconds(double stopwatchTicks) => stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency;

    public static double TicksToMilliseconds(double stopwatchTicks) => stopwatchTicks * 1_000.0 / Stopwatch.Frequency;

    public static double TicksToSeconds(double stopwatchTicks) => stopwatchTicks / Stopwatch.Frequency;

    /// <summary>1234567.8 as "1,234,568".</summary>
    public static string Count(double value) => value.ToString("N0", Culture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(Culture), Culture);
}
