using System.Diagnostics;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>
/// Inserts n = first, first + 1, … into <c>entries</c> one after another until stopped, remembering when each write was
/// acknowledged and every statement that failed: the writer whose pauses and losses a switchover is judged by.
/// </summary>
internal sealed class SteadyWriter : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(long N, long At)> _acknowledged = [];
    private readonly List<DynamicDbException> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SteadyWriter(IDatabaseConnection connection, long first = 1) => _loop = Task.Run(() => RunAsync(connection, first));

    /// <summary>Every statement that failed so far.</summary>
    public IReadOnlyList<DynamicDbException> Failures
    {
        get
        {
            lock (_lock)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> more writes have been acknowledged (30 s at most).</summary>
    public async Task WaitForWritesAsync(int count)
    {
        var target = Count + count;
        await Eventually.True(() => Count >= target || _loop.IsCompleted, $"{count} more writes are acknowledged", TimeSpan.FromSeconds(30));
        if (_loop.IsFaulted)
        {
            await _loop;
        }
    }

    /// <summary>The longest time, in milliseconds, between two consecutive acknowledgements around the window from <paramref name="from"/> to <paramref name="to"/> (Stopwatch timestamps).</summary>
    public double LongestGapAround(long from, long to)
    {
        lock (_lock)
        {
            var times = _acknowledged.Select(a => a.At).ToList();
            var first = Math.Max(0, times.FindLastIndex(t => t <= from));
            var last = times.FindIndex(t => t >= to);
            last = last < 0 ? times.Count - 1 : last;
            var longest = 0L;
            for (var i = first + 1; i <= last; i++)
            {
                longest = Math.Max(longest, times[i] - times[i - 1]);
            }

            return longest * 1000.0 / Stopwatch.Frequency;
        }
    }

    /// <summary>Stops the writer; answers every n whose write was acknowledged.</summary>
    public async Task<IReadOnlyList<long>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_lock)
        {
            return _acknowledged.Select(a => a.N).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private int Count
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged.Count;
            }
        }
    }

    private async Task RunAsync(IDatabaseConnection connection, long first)
    {
        for (var n = first; !_stop.IsCancellationRequested; n++)
        {
            try
            {
                await connection.ExecAsync(new Statement("INSERT INTO entries (n) VALUES (?)", [n]));
                lock (_lock)
                {
                    _acknowledged.Add((n, Stopwatch.GetTimestamp()));
                }
            }
            catch (DynamicDbException e)
            {
                lock (_lock)
                {
                    _failures.Add(e);
                }
            }
        }
    }
}
