using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>
/// A bounded ring of <see cref="EngineSample"/>s per engine in this silo's memory (<see cref="UiOptions.SamplesKept"/>),
/// filled by <see cref="EngineSampler"/>; the engine grains keep no history of their latency and error rate.
/// </summary>
internal sealed class EngineHistory(IOptions<UiOptions> options)
{
    private readonly ConcurrentDictionary<string, Queue<EngineSample>> _samples = new(StringComparer.Ordinal);

    /// <summary>Adds a sample of <paramref name="engine"/>, dropping its oldest past the bound.</summary>
    public void Add(string engine, EngineSample sample)
    {
        var ring = _samples.GetOrAdd(engine, _ => new Queue<EngineSample>());
        lock (ring)
        {
            ring.Enqueue(sample);
            while (ring.Count > options.Value.SamplesKept)
            {
                ring.Dequeue();
            }
        }
    }

    /// <summary>The samples of every engine, oldest first.</summary>
    public IReadOnlyDictionary<string, EngineSample[]> Snapshot()
    {
        var snapshot = new SortedDictionary<string, EngineSample[]>(StringComparer.Ordinal);
        foreach (var (engine, ring) in _samples)
        {
            lock (ring)
            {
                snapshot[engine] = [.. ring];
            }
        }

        return snapshot;
    }
}
