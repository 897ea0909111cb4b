using System.Collections.Concurrent;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Grains.Tests.Switching;

/// <summary>
/// Streams of writes (one row per call; <c>writers</c> concurrent streams, stream k writing ids firstId + k, + k + writers,
/// ...) and reads through a database grain, counting the writes the grain acknowledged and every failure, until stopped.
/// Several streams keep writes queued in the grain, so some always wait behind each step of a switch.
/// </summary>
internal sealed class AcknowledgedWriter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writes;
    private readonly Task _reads;

    public AcknowledgedWriter(IDatabaseGrain database, long firstId, int writers = 4, string table = "items")
    {
        _writes = Task.WhenAll(Enumerable.Range(0, writers).Select(k => Task.Run(async () =>
        {
            for (var id = firstId + k; !_stop.IsCancellationRequested; id += writers)
            {
                try
                {
                    await database.ExecAsync(Statement.Of($"INSERT INTO {table} (id, v) VALUES (?, ?)", id, $"w{id}"));
                    Acknowledged.Add(id);
                }
                catch (Exception e)
                {
                    Failures.Add($"write {id}: {e.Message}");
                }
            }
        })));
        _reads = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await database.QueryAsync(new Statement($"SELECT COUNT(*) FROM {table}"));
                    Interlocked.Increment(ref _readCount);
                }
                catch (Exception e)
                {
                    Failures.Add($"read: {e.Message}");
                }
            }
        });
    }

    private long _readCount;

    public ConcurrentBag<long> Acknowledged { get; } = [];

    public ConcurrentBag<string> Failures { get; } = [];

    public long Reads => Interlocked.Read(ref _readCount);

    /// <summary>Stops after the writes and reads in flight end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writes, _reads);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
