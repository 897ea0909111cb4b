using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// One HTTP reader beside the writers, at most one query per <see cref="Period"/>: by turns a point read of the filled
/// table (<c>SELECT … FROM items WHERE id = ?</c>, the row must be there) and a count of the writers' table. Records when
/// each read was sent and answered, and every failure (status and error code, or an empty point read).
/// </summary>
internal sealed class SteadyReader(HttpClient http, string database, long itemRows, TimeSpan period) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(long Sent, long Done)> _reads = [];
    private readonly List<(long At, string Failure)> _failures = [];
    private Task _loop = Task.CompletedTask;

    public TimeSpan Period { get; } = period;

    public void Start() => _loop = Task.Run(() => ReadAsync(_stop.Token));

    /// <summary>Successful reads sent within [<paramref name="from"/>, <paramref name="to"/>]: their latencies in Stopwatch ticks.</summary>
    public IReadOnlyList<long> LatenciesBetween(long from, long to)
    {
        lock (_lock)
        {
            return [.. _reads.Where(r => r.Sent >= from && r.Sent <= to).Select(r => r.Done - r.Sent)];
        }
    }

    /// <summary>Failures answered within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<string> FailuresBetween(long from, long to)
    {
        lock (_lock)
        {
            return [.. _failures.Where(f => f.At >= from && f.At <= to).Select(f => f.Failure)];
        }
    }

    private async Task ReadAsync(CancellationToken stop)
    {
        var next = Stopwatch.GetTimestamp();
        for (var i = 0L; !stop.IsCancellationRequested; i++)
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

            var sent = Stopwatch.GetTimestamp();
            next = sent + (long)(Period.TotalSeconds * Stopwatch.Frequency);
            var point = i % 2 == 0;
            var id = 1 + Random.Shared.NextInt64(itemRows);
            var json = JsonSerializer.Serialize(point
                ? new { database, sql = "SELECT id, qty, length(payload) AS l FROM items WHERE id = ?", args = new object[] { id } }
                : new { database, sql = $"SELECT count(*) AS c FROM {AcknowledgedWriters.KeyedTable}", args = Array.Empty<object>() });
            string? failure;
            try
            {
                var (status, body) = await HaSiloProcess.PostAsync(http, "/v1/database/query", json);
                failure = status != 200 ? $"{status} {ErrorCode(body)}" : Check(body, point, id);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.GetType().Name;
            }

            var done = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                if (failure is null)
                {
                    _reads.Add((sent, done));
                }
                else
                {
                    _failures.Add((done, failure));
                }
            }
        }
    }

    private static string? Check(string body, bool point, long id)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            return $"200 {error.GetProperty("type").GetString()}";
        }

        var items = document.RootElement.GetProperty("items");
        return !point || items.GetArrayLength() == 1 ? null : string.Create(CultureInfo.InvariantCulture, $"items row {id} missing");
    }

    private static string ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? "?" : "?";
        }
        catch (JsonException)
        {
            return body.Length > 40 ? body[..40] : body;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
