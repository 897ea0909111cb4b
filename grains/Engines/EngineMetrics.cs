using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines.Workers;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The engines' instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>): statements refused by
/// an engine's policy or privileges, and the load of the SQLite worker pools.
/// </summary>
public sealed class EngineMetrics
{
    /// <summary>Counter of refused statements, tagged <c>engine.kind</c> and <c>construct</c> (<c>attach</c>, <c>detach</c>, <c>pragma</c>, <c>transaction_control</c>, <c>function</c>, <c>permission</c>, <c>policy</c>).</summary>
    public const string RefusedInstrument = "dyndb.statements.refused";

    /// <summary>Gauge of the SQLite workers running work now, tagged <c>engine</c> (the engine id).</summary>
    public const string WorkersBusyInstrument = "dyndb.sqlite.workers.busy";

    /// <summary>Gauge of the SQLite operations waiting for a worker now, tagged <c>engine</c> (the engine id).</summary>
    public const string WorkQueuedInstrument = "dyndb.sqlite.work.queued";

    /// <summary>
    /// Counter of single statements (exec and query) a PostgreSQL engine ran, tagged <c>engine.kind</c> and <c>pool</c>:
    /// <c>shared</c> (the multiplexed shared pool, see <see cref="EngineOptions.SharedPool"/>) or <c>dedicated</c>.
    /// </summary>
    public const string StatementsInstrument = "dyndb.engine.statements";

    /// <summary>
    /// Counter of PostgreSQL server processes whose CPU priority an engine lowered for its Low and Background tiers (see
    /// <see cref="EngineOptions.LowTierNice"/>), tagged <c>engine</c> (the engine id).
    /// </summary>
    public const string LoweredBackendsInstrument = "dyndb.engine.lowered_backends";

    private readonly Counter<long> _refused;
    private readonly Counter<long> _lowered;
    private readonly Counter<long> _statements;
    private readonly ConcurrentDictionary<FairWorkerPool, string> _pools = new();

    public EngineMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _refused = meter.CreateCounter<long>(RefusedInstrument, description: "Tenant statements an engine refused (policy or missing privilege), by construct.");
        _statements = meter.CreateCounter<long>(StatementsInstrument, description: "Single statements a PostgreSQL engine ran, by pool (shared or dedicated).");
        _lowered = meter.CreateCounter<long>(LoweredBackendsInstrument, description: "PostgreSQL server processes reniced for the Low and Background tiers.");
        meter.CreateObservableGauge(WorkersBusyInstrument, () => Observe(load => load.Busy), description: "SQLite workers running work now.");
        meter.CreateObservableGauge(WorkQueuedInstrument, () => Observe(load => load.Waiting), description: "SQLite operations waiting for a worker now.");
    }

    /// <summary>Counts <paramref name="failure"/> when it is a refusal marked by <see cref="StatementRefusal"/>.</summary>
    internal void Refused(string engineKind, DynamicDbException failure)
    {
        if (StatementRefusal.ConstructOf(failure) is { } construct)
        {
            _refused.Add(1, new KeyValuePair<string, object?>("engine.kind", engineKind), new KeyValuePair<string, object?>("construct", construct));
        }
    }

    /// <summary>Counts one statement run on the shared pool (<paramref name="shared"/>) or the dedicated one.</summary>
    internal void Statement(string engineKind, bool shared) =>
        _statements.Add(1, new KeyValuePair<string, object?>("engine.kind", engineKind), new KeyValuePair<string, object?>("pool", shared ? "shared" : "dedicated"));

    /// <summary>Counts one server process of engine <paramref name="engineId"/> reniced for the Low and Background tiers.</summary>
    internal void LoweredBackend(string engineId) => _lowered.Add(1, new KeyValuePair<string, object?>("engine", engineId));

    /// <summary>Reports the load of <paramref name="pool"/> until the returned registration is disposed.</summary>
    internal IDisposable Track(string engineId, FairWorkerPool pool)
    {
        _pools[pool] = engineId;
        return new Registration(() => _pools.TryRemove(pool, out _));
    }

    private IEnumerable<Measurement<int>> Observe(Func<(int Busy, int Waiting), int> select) =>
        _pools.Select(p => new Measurement<int>(select(p.Key.Load), new KeyValuePair<string, object?>("engine", p.Value))).ToList();

    private sealed class Registration(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
