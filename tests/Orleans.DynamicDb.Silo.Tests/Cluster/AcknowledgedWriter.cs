using System.Collections.Concurrent;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// A stream of INSERTs of unique values into <c>writes(v)</c>, sent round-robin to the silos of a cluster. A write that
/// fails (refused connection, error answer, timeout) is retried on the next silo until a silo acknowledges it; only
/// acknowledged values are recorded, and the next value is written only after the previous one was acknowledged.
/// </summary>
internal sealed class AcknowledgedWriter : IAsyncDisposable
{
    public const string CreateTable = "CREATE TABLE IF NOT EXISTS writes (v TEXT NOT NULL)";

    private readonly SiloCluster _cluster;
    private readonly string _database;
    private readonly string _prefix;
    private readonly GatewayClient _client = new();
    private readonly ConcurrentQueue<string> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _failedAttempts;

    private AcknowledgedWriter(SiloCluster cluster, string database, string prefix)
    {
        _cluster = cluster;
        _database = database;
        _prefix = prefix;
        _loop = Task.Run(WriteLoopAsync);
    }

    public int Count => _acknowledged.Count;

    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged];

    /// <summary>Starts writing the values <c>{prefix}000000</c>, <c>{prefix}000001</c>, ... to <paramref name="database"/>.</summary>
    public static AcknowledgedWriter Start(SiloCluster cluster, string database, string prefix = "w") => new(cluster, database, prefix);

    /// <summary>Waits (with a deadline) until at least <paramref name="count"/> writes were acknowledged.</summary>
    public Task WaitForAsync(int count, string because) => Eventually.True(
        () => _loop.IsCompleted ? throw new InvalidOperationException("The writer stopped.", _loop.Exception) : Count >= count,
        $"{count} acknowledged writes {because} (now {Count}, {FailedAttempts} failed attempts)",
        TimeSpan.FromMinutes(4));

    /// <summary>Stops writing; the write in flight, if any, is abandoned and not recorded.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var token = _stop.Token;
        var next = Random.Shared.Next(_cluster.Count);
        for (var n = 0; !token.IsCancellationRequested; n++)
        {
            var value = $"{_prefix}{n:D6}";
            while (true)
            {
                var silo = _cluster.Address(next++ % _cluster.Count);
                if (await _client.TryExecAsync(silo, _database, "INSERT INTO writes (v) VALUES (?)", [value], token))
                {
                    _acknowledged.Enqueue(value);
                    break;
                }

                Interlocked.Increment(ref _failedAttempts);
                await Task.Delay(TimeSpan.FromMilliseconds(100), token); // back-off before the retry, not synchronisation
            }
        }
    }
}
