using System.Diagnostics;
using System.Globalization;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// <see cref="Writers"/> concurrent HTTP writers, each inserting <c>(w, n)</c> with n = 1, 2, 3, … into
/// <c>entries</c> at most once per <see cref="Period"/>. A row counts as acknowledged only when its answer is 2xx, and the
/// acknowledgement is recorded with the moment it arrived (and the moment its request was sent). A failed attempt moves
/// on to the next number: it may or may not have committed, so it is never sent again. Keyed writers (the
/// <c>engine-switch</c> part: a table without a primary key cannot move between engines) insert
/// <c>(id, w, n)</c> into <see cref="KeyedTable"/> with the unique <c>id = </c><see cref="Id"/><c>(w, n)</c>.
/// </summary>
internal sealed class AcknowledgedWriters : IAsyncDisposable
{
    public const string Table = "entries";

    /// <summary>The keyed writers' table: <c>id INTEGER PRIMARY KEY, w, n</c>.</summary>
    public const string KeyedTable = "writes";

    /// <summary>The keyed writers' ids: writer w's n-th row is w × 10⁹ + n.</summary>
    public const long IdsPerWriter = 1_000_000_000;

    private readonly HttpClient _http;
    private readonly string _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Acknowledgement> _acks = [];
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly List<long> _failedAt = [];
    private readonly Dictionary<string, string> _failureExamples = new(StringComparer.Ordinal);
    private readonly bool _keyed;
    private long[] _lastSent = [];
    private Task[] _loops = [];
    private volatile bool _paused;

    public AcknowledgedWriters(HttpClient http, string database, int writers, TimeSpan period, bool keyed = false)
    {
        _keyed = keyed;
        _http = http;
        _database = database;
        Writers = writers;
        Period = period;
    }

    public int Writers { get; }

    public TimeSpan Period { get; }

    /// <summary>While true the writers send nothing (a request in flight still finishes).</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    /// <summary>Failed attempts so far.</summary>
    public int FailureCount
    {
        get
        {
            lock (_lock)
            {
                return _failures.Values.Sum();
            }
        }
    }

    /// <summary>Failed attempts by status and error code (e.g. "503 engine.unavailable").</summary>
    public IReadOnlyDictionary<string, int> Failures()
    {
        lock (_lock)
        {
            return new Dictionary<string, int>(_failures, StringComparer.Ordinal);
        }
    }

    /// <summary>The first answer's body (up to 400 characters) of each failure kind, e.g. a problem's detail.</summary>
    public IReadOnlyDictionary<string, string> FailureExamples()
    {
        lock (_lock)
        {
            return new Dictionary<string, string>(_failureExamples, StringComparer.Ordinal);
        }
    }

    /// <summary>Milliseconds from <paramref name="from"/> to the first failed answer after it; null when none.</summary>
    public double? FirstFailureAfter(long from)
    {
        lock (_lock)
        {
            var first = _failedAt.Where(t => t > from).Select(t => (long?)t).Min();
            return first is { } at ? AckTimeline.Milliseconds(at - from) : null;
        }
    }

    /// <summary>Writer <paramref name="w"/>'s n-th row's id in <see cref="KeyedTable"/>.</summary>
    public static long Id(int w, int n) => w * IdsPerWriter + n;

    /// <summary>Failed answers that arrived within [<paramref name="from"/>, <paramref name="to"/>] (Stopwatch timestamps).</summary>
    public int FailuresBetween(long from, long to)
    {
        lock (_lock)
        {
            return _failedAt.Count(t => t >= from && t <= to);
        }
    }

    /// <summary>
    /// Waits until every writer has sent a request after <paramref name="timestamp"/> (so every request sent before it has
    /// been answered), or the deadline passes (false).
    /// </summary>
    public async Task<bool> WaitAllSentAfterAsync(long timestamp, TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        while (Enumerable.Range(1, Writers).Any(w => Volatile.Read(ref _lastSent[w]) <= timestamp))
        {
            if (Stopwatch.GetElapsedTime(started) > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Every acknowledgement so far, in arrival order.</summary>
    public IReadOnlyList<Acknowledgement> Acknowledgements()
    {
        lock (_lock)
        {
            return [.. _acks];
        }
    }

    /// <summary>Acknowledgements so far.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _acks.Count;
            }
        }
    }

    /// <summary>Creates the table (no key, so a duplicate would show) and starts the writers.</summary>
    public async Task StartAsync()
    {
        var create = _keyed
            ? $"CREATE TABLE {KeyedTable} (id INTEGER PRIMARY KEY, w INTEGER NOT NULL, n INTEGER NOT NULL)"
            : $"CREATE TABLE {Table} (w INTEGER NOT NULL, n INTEGER NOT NULL)";
        var (status, body) = await HaSiloProcess.PostAsync(_http, "/v1/database/exec", Exec(create));
        if (status is < 200 or >= 300)
        {
            throw new InvalidOperationException($"CREATE TABLE answered {status}: {body}");
        }

        _lastSent = new long[Writers + 1];
        _loops = [.. Enumerable.Range(1, Writers).Select(w => Task.Run(() => WriteAsync(w, _stop.Token)))];
    }

    /// <summary>Stops the writers and waits for their last requests.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    private async Task WriteAsync(int writer, CancellationToken stop)
    {
        var next = Stopwatch.GetTimestamp();
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (_paused)
            {
                next = Stopwatch.GetTimestamp() + (long)(Period.TotalSeconds * Stopwatch.Frequency);
                n--;
                continue;
            }

            var sent = Stopwatch.GetTimestamp();
            Volatile.Write(ref _lastSent[writer], sent);
            next = sent + (long)(Period.TotalSeconds * Stopwatch.Frequency);
            string failure;
            try
            {
                var (status, body) = await HaSiloProcess.PostAsync(_http, "/v1/database/exec", _keyed
                    ? Exec($"INSERT INTO {KeyedTable} (id, w, n) VALUES (?, ?, ?)", Id(writer, n), writer, n)
                    : Exec($"INSERT INTO {Table} (w, n) VALUES (?, ?)", writer, n));
                if (status is >= 200 and < 300)
                {
                    var acked = Stopwatch.GetTimestamp();
                    lock (_lock)
                    {
                        _acks.Add(new Acknowledgement(writer, n, sent, acked));
                    }

                    continue;
                }

                failure = $"{status} {ErrorCode(body)}";
                lock (_lock)
                {
                    _failureExamples.TryAdd(failure, body.Length > 400 ? body[..400] : body);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.GetType().Name;
            }

            var ended = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                _failures[failure] = _failures.GetValueOrDefault(failure) + 1;
                _failedAt.Add(ended);
            }
        }
    }

    private string Exec(string sql, params object[] args) =>
        System.Text.Json.JsonSerializer.Serialize(new { database = _database, sql, args });

    private static string ErrorCode(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?";
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 40 ? body[..40] : body;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    /// <summary>Renders the failure counts as "503 engine.unavailable × 120, …".</summary>
    public string DescribeFailures() =>
        string.Join(", ", Failures().OrderByDescending(f => f.Value).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} × {f.Value}")));
}
