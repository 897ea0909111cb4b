using System.Diagnostics;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Measures over the acknowledgements of all writers merged into one timeline (Stopwatch timestamps).</summary>
internal static class AckTimeline
{
    /// <summary>Milliseconds from <paramref name="from"/> to the first acknowledgement of a write sent after it; null when none.</summary>
    public static double? FirstAfter(IReadOnlyList<Acknowledgement> acks, long from)
    {
        var first = acks.Where(a => a.Sent > from).Select(a => (long?)a.Acked).Min();
        return first is { } at ? Milliseconds(at - from) : null;
    }

    /// <summary>
    /// The longest time in [<paramref name="from"/>, <paramref name="to"/>] without an acknowledgement: the gaps
    /// between consecutive acknowledgements, counting from the last one before <paramref name="from"/>.
    /// </summary>
    public static double LongestGap(IReadOnlyList<Acknowledgement> acks, long from, long to)
    {
        var times = acks.Select(a => a.Acked).Order().ToArray();
        var before = times.Where(t => t <= from).DefaultIfEmpty(from).Max();
        var previous = before;
        long longest = 0;
        foreach (var t in times.Where(t => t > from))
        {
            var end = Math.Min(t, to);
            longest = Math.Max(longest, end - previous);
            previous = end;
            if (t >= to)
            {
                break;
            }
        }

        return Milliseconds(Math.Max(longest, to - previous));
    }

    /// <summary>Where <see cref="LongestGap"/>'s gap starts: the Stopwatch timestamp of its first end (the acknowledgement before it, or <paramref name="from"/>).</summary>
    public static long LongestGapStart(IReadOnlyList<Acknowledgement> acks, long from, long to)
    {
        var times = acks.Select(a => a.Acked).Order().ToArray();
        var previous = times.Where(t => t <= from).DefaultIfEmpty(from).Max();
        long longest = 0, start = previous;
        foreach (var t in times.Where(t => t > from))
        {
            var end = Math.Min(t, to);
            if (end - previous > longest)
            {
                (longest, start) = (end - previous, previous);
            }

            previous = end;
            if (t >= to)
            {
                break;
            }
        }

        return to - previous > longest ? previous : start;
    }

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
