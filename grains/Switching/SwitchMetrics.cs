using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Switching;

/// <summary>
/// The engine switches' instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>): switches
/// ended by result, their duration and write pause, rows copied and switches running now.
/// </summary>
public sealed class SwitchMetrics : IDisposable
{
    /// <summary>The counter of ended switches, tagged <c>result</c> (a final <see cref="SwitchStates"/> value).</summary>
    public const string SwitchesInstrument = "dyndb.switches";

    /// <summary>The histogram of whole switch durations (ms), tagged <c>result</c>.</summary>
    public const string DurationInstrument = "dyndb.switch.duration";

    /// <summary>The histogram of cut-over turns (ms): how long writes waited, tagged <c>direction</c> (<c>forward</c>, <c>back</c>).</summary>
    public const string WritePauseInstrument = "dyndb.switch.write_pause";

    /// <summary>The counter of rows copied by switches.</summary>
    public const string RowsCopiedInstrument = "dyndb.switch.rows_copied";

    /// <summary>The up-down counter of switches running on this silo.</summary>
    public const string RunningInstrument = "dyndb.switches.running";

    private readonly Meter _meter;
    private readonly Counter<long> _switches;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _writePause;
    private readonly Counter<long> _rowsCopied;
    private readonly UpDownCounter<long> _running;

    public SwitchMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _switches = _meter.CreateCounter<long>(SwitchesInstrument, description: "Engine switches ended, by result (completed, rolled_back, failed).");
        _duration = _meter.CreateHistogram<double>(DurationInstrument, "ms", "Whole engine switches, from the request to the end.");
        _writePause = _meter.CreateHistogram<double>(WritePauseInstrument, "ms", "Cut-over turns of engine switches: how long writes waited.");
        _rowsCopied = _meter.CreateCounter<long>(RowsCopiedInstrument, description: "Rows copied by engine switches.");
        _running = _meter.CreateUpDownCounter<long>(RunningInstrument, description: "Engine switches running on this silo.");
    }

    /// <summary>A switch started.</summary>
    public void Started() => _running.Add(1);

    /// <summary>A switch ended in <paramref name="result"/> after <paramref name="durationMs"/>, having copied <paramref name="rows"/>.</summary>
    public void Ended(string result, double durationMs, long rows)
    {
        var tag = new KeyValuePair<string, object?>("result", result);
        _running.Add(-1);
        _switches.Add(1, tag);
        _duration.Record(durationMs, tag);
        if (rows > 0)
        {
            _rowsCopied.Add(rows);
        }
    }

    /// <summary>A cut-over turn (<paramref name="direction"/> <c>forward</c> or <c>back</c>) held writes for <paramref name="ms"/>.</summary>
    public void WritePause(double ms, string direction) => _writePause.Record(ms, new KeyValuePair<string, object?>("direction", direction));

    public void Dispose() => _meter.Dispose();
}
