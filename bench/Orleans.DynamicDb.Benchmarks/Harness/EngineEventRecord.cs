using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>One engine event as the admin API answers it.</summary>
internal sealed record EngineEventRecord(string Engine, long Sequence, DateTimeOffset At, string Type, string? From, string? To, string Reason, double? DurationMs)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{At:HH:mm:ss.fff} {Engine} {Type} {From} -> {To}{(DurationMs is { } ms ? $" ({ms} ms)" : "")}: {Reason}");
}
