using System.Diagnostics;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Engines;

/// <summary>
/// A sequential HTTP client inserting the numbers 1, 2, 3, … into <c>entries(n)</c>: a number is remembered as acknowledged
/// only when its answer is 2xx; a failed attempt moves on to the next number (it may or may not have committed, so it
/// is never sent again and never counted).
/// </summary>
internal sealed class AcknowledgedWriter(Func<GatewayClient> app, string database, Func<string> output)
{
    public AcknowledgedWriter(HaSilo silo, string database)
        : this(() => silo.App, database, () => silo.Process.Output)
    {
    }

    private int _next;

    public List<int> Acknowledged { get; } = [];

    public int Failures { get; private set; }

    /// <summary>Writes <paramref name="count"/> rows; each must be acknowledged.</summary>
    public async Task WriteAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var n = ++_next;
            var answer = await app().ExecAsync(database, "INSERT INTO entries (n) VALUES (?)", n);
            if ((int)answer.Status is < 200 or >= 300)
            {
                Failures++;
                throw new Xunit.Sdk.XunitException($"Write {n} failed: {(int)answer.Status} {answer.Body}");
            }

            Acknowledged.Add(n);
        }
    }

    /// <summary>Retries with a new number after every failure until one write is acknowledged; answers how long it took.</summary>
    public async Task<TimeSpan> WriteUntilAcknowledgedAsync(TimeSpan deadline)
    {
        var started = Stopwatch.GetTimestamp();
        string last = "";
        while (Stopwatch.GetElapsedTime(started) < deadline)
        {
            var n = ++_next;
            try
            {
                var answer = await app().ExecAsync(database, "INSERT INTO entries (n) VALUES (?)", n);
                if ((int)answer.Status is >= 200 and < 300)
                {
                    Acknowledged.Add(n);
                    return Stopwatch.GetElapsedTime(started);
                }

                last = $"{(int)answer.Status} {answer.Body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            Failures++;
        }

        throw new TimeoutException($"No write was acknowledged within {deadline.TotalSeconds} s after {Failures} failures; last: {last}. Silo output (last lines):\n{string.Join('\n', output().Split('\n').TakeLast(80))}");
    }
}
