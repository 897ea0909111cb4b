namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Order statistics over rounds and samples.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The value below which <paramref name="percent"/>% of the sorted samples fall (nearest rank).</summary>
    public static long Percentile(long[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>"min–max" of the rounds with the given format.</summary>
    public static string Spread(IReadOnlyList<double> values, string format) =>
        $"{values.Min().ToString(format, Formats.Culture)}–{values.Max().ToString(format, Formats.Culture)}";
}
