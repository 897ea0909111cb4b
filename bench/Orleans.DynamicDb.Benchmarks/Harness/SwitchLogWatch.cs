using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Reads the switch's own log lines from the silo's output: the mover's "Copied database {app}/{database} from engine
/// {from} to {to}: {rows} rows, {bytes} bytes, snapshot at change {seq}, in {ms} ms" (event 2403) and the grain's
/// "Engine switch phase entered … switch={id} phase={phase} elapsed_ms={ms}" (event 2431), so the report can split the
/// total into the time before the copy, the copy itself (bytes / ms = copy speed) and the rest. A line whose format
/// changed is simply not seen (the report shows "—").
/// </summary>
internal sealed partial class SwitchLogWatch
{
    private readonly ConcurrentDictionary<(string Database, string From, string To), (long Bytes, double Ms)> _copies = new();
    private readonly ConcurrentDictionary<(string Switch, string Phase), double> _phases = new();

    public SwitchLogWatch(HaSiloProcess silo) => silo.LineWritten += Observe;

    /// <summary>The last copy of <paramref name="database"/> (its bare name) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public (long Bytes, double Ms)? Copy(string database, string from, string to) =>
        _copies.TryGetValue((database, from, to), out var copy) ? copy : null;

    /// <summary>The phase <paramref name="switchId"/> was in <paramref name="elapsedMs"/> after its start (the last one entered by then), or "validating".</summary>
    public string PhaseAtElapsed(string? switchId, double elapsedMs) =>
        switchId is null ? "?" : _phases.Where(p => p.Key.Switch == switchId && p.Value <= elapsedMs).OrderBy(p => p.Value).Select(p => p.Key.Phase).LastOrDefault() ?? "validating";

    /// <summary>Milliseconds from the switch's start to its entering <paramref name="phase"/>.</summary>
    public double? PhaseAt(string? switchId, string phase) =>
        switchId is not null && _phases.TryGetValue((switchId, phase), out var ms) ? ms : null;

    private void Observe(string line)
    {
        if (CopiedLine().Match(line) is { Success: true } copied)
        {
            _copies[(copied.Groups["db"].Value, copied.Groups["from"].Value, copied.Groups["to"].Value)] =
                (long.Parse(copied.Groups["bytes"].Value, CultureInfo.InvariantCulture), double.Parse(copied.Groups["ms"].Value, CultureInfo.InvariantCulture));
        }
        else if (PhaseLine().Match(line) is { Success: true } phase)
        {
            _phases[(phase.Groups["id"].Value, phase.Groups["phase"].Value)] = double.Parse(phase.Groups["ms"].Value, CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"Copied database [a-z0-9_]+/(?<db>[a-z0-9_]+) from engine (?<from>[A-Za-z0-9_.-]+) to (?<to>[A-Za-z0-9_.-]+): \d+ rows, (?<bytes>\d+) bytes, .* in (?<ms>[0-9.]+) ms")]
    private static partial Regex CopiedLine();

    [GeneratedRegex(@"Engine switch phase entered .*switch=(?<id>sw_[0-9a-f]+) phase=(?<phase>[a-z_]+) elapsed_ms=(?<ms>[0-9.]+)")]
    private static partial Regex PhaseLine();
}
