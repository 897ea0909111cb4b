namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>How much work each suite does. <see cref="Quick"/> divides every count and duration by 10 (a smoke run).</summary>
internal sealed class BenchSettings
{
    public bool Quick { get; init; }

    /// <summary>Scales a call count for a quick run.</summary>
    public int Calls(int full) => Quick ? Math.Max(1, full / 10) : full;

    /// <summary>Scales a duration for a quick run.</summary>
    public TimeSpan Duration(TimeSpan full) => Quick ? full / 10 : full;
}
