using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Samples allocations by type name from the runtime's GC AllocationTick events (one per ~100 KB allocated).</summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public IReadOnlyList<(string Type, double Share)> Stop()
    {
        _recording = false;
        var total = (double)_bytes.Values.Sum();
        return [.. _bytes.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value / total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var name = eventData.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? eventData.Payload[i] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(eventData.Payload[j], Formats.Culture) : 100_000;
        _bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
    }
}
