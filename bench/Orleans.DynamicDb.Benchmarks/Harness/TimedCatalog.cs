using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using static Orleans.DynamicDb.Benchmarks.Harness.Formats;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The silo's catalog (the same <see cref="AdoNetDatabaseCatalog"/> AddDynamicDbDatabases would build) with every call
/// timed, so slow catalog calls can be told from slow engine work. Counts calls over <see cref="SlowMs"/> per method.
/// </summary>
internal sealed class TimedCatalog(IDatabaseCatalog inner) : IDatabaseCatalog
{
    public const double SlowMs = 500;

    private readonly ConcurrentDictionary<string, (int Calls, int Slow, double MaxMs)> _calls = new(StringComparer.Ordinal);

    /// <summary>"GetAsync 2 of 11,000 calls over 500 ms (max 1003 ms), ..." for the methods with slow calls; resets the counts.</summary>
    public string TakeSlowCalls()
    {
        var slow = _calls.Where(c => c.Value.Slow > 0).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {c.Value.Slow} of {Count(c.Value.Calls)} calls over {SlowMs:0} ms (max {Fixed(c.Value.MaxMs, 0)} ms)").ToList();
        _calls.Clear();
        return slow.Count == 0 ? $"no catalog call over {SlowMs:0} ms" : "catalog: " + string.Join(", ", slow);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task<DatabaseInfo?> GetAsync(string app, string database, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(GetAsync), () => inner.GetAsync(app, database, cancellationToken));

    public Task<IReadOnlyList<DatabaseInfo>> ListAsync(string app, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(ListAsync), () => inner.ListAsync(app, cancellationToken));

    public Task<IReadOnlyList<DatabaseInfo>> ListAllAsync(CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(ListAllAsync), () => inner.ListAllAsync(cancellationToken));

    public Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(CountByStatusAsync), () => inner.CountByStatusAsync(cancellationToken));

    public Task UpsertAsync(DatabaseInfo entry, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(UpsertAsync), () => Done(inner.UpsertAsync(entry, cancellationToken)));

    public Task SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(SetStatusAsync), () => Done(inner.SetStatusAsync(app, database, status, lastActivity, cancellationToken)));

    public Task SetPlacementAsync(string app, string database, string group, long epoch, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(SetPlacementAsync), () => Done(inner.SetPlacementAsync(app, database, group, epoch, cancellationToken)));

    public Task<long> ClaimActivationAsync(string app, string database, string activationId, string silo, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(ClaimActivationAsync), () => inner.ClaimActivationAsync(app, database, activationId, silo, at, cancellationToken));

    public Task<bool> IsCurrentActivationAsync(string app, string database, long epoch, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(IsCurrentActivationAsync), () => inner.IsCurrentActivationAsync(app, database, epoch, cancellationToken));

    public Task<bool> SetStatusAsync(string app, string database, string status, DateTimeOffset lastActivity, long epoch, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(SetStatusAsync), () => inner.SetStatusAsync(app, database, status, lastActivity, epoch, cancellationToken));

    public Task EndActivationAsync(string app, string database, long epoch, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        TimeAsync(nameof(EndActivationAsync), () => Done(inner.EndActivationAsync(app, database, epoch, reason, at, cancellationToken)));

    public Task<IReadOnlyList<DatabaseActivation>> ListActivationsAsync(string app, string database, CancellationToken cancellationToken = default) =>
        inner.ListActivationsAsync(app, database, cancellationToken);

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    /// <summary>Starts the clock before the call: the catalog's SQLite work runs synchronously inside the call itself.</summary>
    private async Task<T> TimeAsync<T>(string method, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _calls.AddOrUpdate(method, _ => (1, ms > SlowMs ? 1 : 0, ms), (_, c) => (c.Calls + 1, c.Slow + (ms > SlowMs ? 1 : 0), Math.Max(c.MaxMs, ms)));
        }
    }
}
