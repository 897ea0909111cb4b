using System.Diagnostics.Metrics;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The database layer's instruments (meter <c>Orleans.DynamicDb.Databases</c>): creation, wake and hibernation times,
/// active count, statement latency and errors per engine, the cursors of paged queries (open now, closed by reason) and results truncated at a cap. The engines'
/// instruments (refused statements, SQLite worker pools) are on the same meter: see <see cref="Engines.EngineMetrics"/>.
/// </summary>
public sealed class DatabaseMetrics : IDisposable
{
    public const string MeterName = "Orleans.DynamicDb.Databases";

    /// <summary>The up-down counter of open cursors.</summary>
    public const string OpenCursorsInstrument = "dyndb.query.cursors.open";

    /// <summary>The counter of closed cursors, tagged <c>reason</c> (completed, truncated, failed, closed, idle, timeout, hibernation, drop).</summary>
    public const string ClosedCursorsInstrument = "dyndb.query.cursors.closed";

    /// <summary>The counter of paged queries cut at a cap of the request, tagged <c>cap</c> (<c>rows</c> or <c>bytes</c>).</summary>
    public const string TruncatedInstrument = "dyndb.query.truncated";

    /// <summary>The histogram of statement calls (ms), tagged <c>engine</c>, <c>operation</c> and <c>outcome</c> (<c>ok</c> or the error code).</summary>
    public const string StatementDurationInstrument = "dyndb.statement.duration";

    /// <summary>The counter of failed statement calls, tagged <c>engine</c>, <c>operation</c> and <c>code</c>.</summary>
    public const string StatementErrorsInstrument = "dyndb.statement.errors";

    /// <summary>The gauge of the catalog's databases by status, tagged <c>status</c> (<see cref="CatalogStatusGauge"/> refreshes it).</summary>
    public const string DatabasesInstrument = "dyndb.databases";

    /// <summary>The up-down counter of open interactive transactions, tagged <c>engine</c>.</summary>
    public const string OpenTransactionsInstrument = "dyndb.transactions.open";

    /// <summary>The counter of committed interactive transactions, tagged <c>engine</c>.</summary>
    public const string CommittedTransactionsInstrument = "dyndb.transactions.committed";

    /// <summary>
    /// The counter of rolled-back interactive transactions, tagged <c>engine</c> and <c>reason</c> (client, failed, idle,
    /// drop, hibernation, switch, stop_capture, limit, commit_failed, failover).
    /// </summary>
    public const string RolledBackTransactionsInstrument = "dyndb.transactions.rolled_back";

    /// <summary>The histogram of interactive transactions' lifetimes (ms, open to end), tagged <c>engine</c> and <c>outcome</c> (committed or rolled_back).</summary>
    public const string TransactionDurationInstrument = "dyndb.transactions.duration";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _openTransactions;
    private readonly Counter<long> _committedTransactions;
    private readonly Counter<long> _rolledBackTransactions;
    private readonly Histogram<double> _transactionDuration;
    private volatile IReadOnlyDictionary<string, long> _catalogCounts = new Dictionary<string, long>();
    private readonly Histogram<double> _statements;
    private readonly Counter<long> _statementErrors;
    private readonly Histogram<double> _created;
    private readonly Histogram<double> _woke;
    private readonly Histogram<double> _hibernated;
    private readonly UpDownCounter<long> _active;
    private readonly UpDownCounter<long> _openCursors;
    private readonly Counter<long> _closedCursors;
    private readonly Counter<long> _truncated;

    public DatabaseMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _created = _meter.CreateHistogram<double>("dyndb.database.create.duration", "ms", "Time to create a database on its engine.");
        _woke = _meter.CreateHistogram<double>("dyndb.database.wake.duration", "ms", "Time to wake a hibernated database.");
        _hibernated = _meter.CreateHistogram<double>("dyndb.database.hibernate.duration", "ms", "Time to hibernate a database.");
        _active = _meter.CreateUpDownCounter<long>("dyndb.database.active", description: "Databases awake on this silo.");
        _openCursors = _meter.CreateUpDownCounter<long>(OpenCursorsInstrument, description: "Cursors of paged queries open on this silo.");
        _closedCursors = _meter.CreateCounter<long>(ClosedCursorsInstrument, description: "Cursors of paged queries closed, by reason.");
        _truncated = _meter.CreateCounter<long>(TruncatedInstrument, description: "Query results cut at the request's row or byte cap.");
        _meter.CreateObservableGauge(DatabasesInstrument, ObserveCatalog, description: "Databases in the catalog by status (active, hibernated, dropped), over every app; the same on every silo of a cluster.");
        _statements = _meter.CreateHistogram<double>(StatementDurationInstrument, "ms", "Statement calls on database grains (exec, query, query_page, next_page, transaction), by engine and outcome.");
        _statementErrors = _meter.CreateCounter<long>(StatementErrorsInstrument, description: "Statement calls that failed, by engine, operation and error code.");
        _openTransactions = _meter.CreateUpDownCounter<long>(OpenTransactionsInstrument, description: "Interactive transactions open on this silo, by engine.");
        _committedTransactions = _meter.CreateCounter<long>(CommittedTransactionsInstrument, description: "Interactive transactions committed, by engine.");
        _rolledBackTransactions = _meter.CreateCounter<long>(RolledBackTransactionsInstrument, description: "Interactive transactions rolled back, by engine and reason (client, failed, idle, drop, hibernation, switch, ...).");
        _transactionDuration = _meter.CreateHistogram<double>(TransactionDurationInstrument, "ms", "Lifetime of interactive transactions from open to commit or rollback, by engine and outcome.");
    }

    /// <summary>An interactive transaction was opened on <paramref name="engine"/>.</summary>
    public void TransactionOpened(string engine) => _openTransactions.Add(1, new KeyValuePair<string, object?>("engine", engine));

    /// <summary>An interactive transaction ended: committed when <paramref name="rollbackReason"/> is null, else rolled back for that reason.</summary>
    public void TransactionEnded(string engine, TimeSpan lifetime, string? rollbackReason)
    {
        var engineTag = new KeyValuePair<string, object?>("engine", engine);
        _openTransactions.Add(-1, engineTag);
        _transactionDuration.Record(lifetime.TotalMilliseconds, engineTag, new KeyValuePair<string, object?>("outcome", rollbackReason is null ? "committed" : "rolled_back"));
        if (rollbackReason is null)
        {
            _committedTransactions.Add(1, engineTag);
        }
        else
        {
            _rolledBackTransactions.Add(1, engineTag, new KeyValuePair<string, object?>("reason", rollbackReason));
        }
    }

    /// <summary>
    /// A statement call took <paramref name="elapsed"/> in the grain; <paramref name="errorCode"/> is null when it
    /// succeeded. <paramref name="engine"/> is null when the database did not exist (the call failed before creating it).
    /// </summary>
    public void Statement(string? engine, string operation, TimeSpan elapsed, string? errorCode)
    {
        var engineTag = new KeyValuePair<string, object?>("engine", engine ?? "none");
        var operationTag = new KeyValuePair<string, object?>("operation", operation);
        _statements.Record(elapsed.TotalMilliseconds, engineTag, operationTag, new KeyValuePair<string, object?>("outcome", errorCode ?? "ok"));
        if (errorCode is not null)
        {
            _statementErrors.Add(1, engineTag, operationTag, new KeyValuePair<string, object?>("code", errorCode));
        }
    }

    public void Created(string engine, TimeSpan elapsed)
    {
        _created.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(1, new KeyValuePair<string, object?>("engine", engine));
    }

    public void Woke(string engine, TimeSpan elapsed)
    {
        _woke.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(1, new KeyValuePair<string, object?>("engine", engine));
    }

    /// <summary>An awake database moved from <paramref name="from"/> to <paramref name="to"/> (a switch's cut-over or switch back): it stays active, counted under its new engine.</summary>
    public void Moved(string from, string to)
    {
        _active.Add(-1, new KeyValuePair<string, object?>("engine", from));
        _active.Add(1, new KeyValuePair<string, object?>("engine", to));
    }

    public void Hibernated(string engine, TimeSpan elapsed)
    {
        _hibernated.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("engine", engine));
        _active.Add(-1, new KeyValuePair<string, object?>("engine", engine));
    }

    /// <summary>The catalog's counts by status, as last read (<see cref="CatalogStatusGauge"/>).</summary>
    public void CatalogCounted(IReadOnlyDictionary<string, long> counts) => _catalogCounts = counts;

    public void CursorOpened() => _openCursors.Add(1);

    public void CursorClosed(string reason)
    {
        _openCursors.Add(-1);
        _closedCursors.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A result was cut at <paramref name="cap"/> (<c>rows</c> or <c>bytes</c>).</summary>
    public void Truncated(string cap) => _truncated.Add(1, new KeyValuePair<string, object?>("cap", cap));

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveCatalog()
    {
        var counts = _catalogCounts;
        foreach (var status in (string[])[DatabaseStatus.Active, DatabaseStatus.Hibernated, DatabaseStatus.Dropped])
        {
            yield return new Measurement<long>(counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status));
        }
    }
}
