using System.Globalization;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// A probe round (multi-db-failover seed): up to <see cref="EngineHealthOptions.HealthCheckProbes"/> probes spaced
/// <see cref="EngineHealthOptions.HealthCheckProbesDelay"/> apart, each bounded by <see cref="EngineHealthOptions.HealthCheckTimeout"/>,
/// judged by the <see cref="EngineHealthOptions.Policy"/>: <c>all</c> must pass, <c>any</c> one, or a <c>majority</c>. The round
/// stops as soon as its verdict cannot change.
/// </summary>
public sealed class ProbePolicy(EngineHealthOptions options, TimeProvider time)
{
    /// <summary>True when <paramref name="policy"/> is <c>all</c>, <c>any</c> or <c>majority</c> (ignoring case).</summary>
    public static bool IsKnown(string? policy) =>
        string.Equals(policy, EngineHealthOptions.PolicyAll, StringComparison.OrdinalIgnoreCase)
        || string.Equals(policy, EngineHealthOptions.PolicyAny, StringComparison.OrdinalIgnoreCase)
        || string.Equals(policy, EngineHealthOptions.PolicyMajority, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The verdict of <paramref name="policy"/> after <paramref name="passed"/> and <paramref name="failed"/> of
    /// <paramref name="total"/> probes: true (healthy), false (unhealthy) or null (the remaining probes can still change it).
    /// </summary>
    public static bool? Decide(string policy, int passed, int failed, int total)
    {
        var remaining = total - passed - failed;
        return policy.ToLowerInvariant() switch
        {
            EngineHealthOptions.PolicyAll => failed > 0 ? false : remaining == 0 ? true : null,
            EngineHealthOptions.PolicyAny => passed > 0 ? true : remaining == 0 ? false : null,
            EngineHealthOptions.PolicyMajority => passed * 2 > total ? true : (passed + remaining) * 2 <= total ? false : null,
            _ => throw new ArgumentException($"'{policy}' is not a probe policy; use all, any or majority.", nameof(policy)),
        };
    }

    /// <summary>Runs one round of <paramref name="probe"/>; never throws for a failing probe (only when cancelled).</summary>
    public async Task<ProbeRound> RunAsync(IEngineProbe probe, CancellationToken cancellationToken)
    {
        var results = new List<ProbeResult>(options.HealthCheckProbes);
        bool? verdict = null;
        while (verdict is null)
        {
            if (results.Count > 0 && options.HealthCheckProbesDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.HealthCheckProbesDelay, time, cancellationToken).ConfigureAwait(false);
            }

            results.Add(await ProbeOnceAsync(probe, cancellationToken).ConfigureAwait(false));
            verdict = Decide(options.Policy, results.Count(r => r.Passed), results.Count(r => !r.Passed), options.HealthCheckProbes);
        }

        return new ProbeRound(verdict.Value, results, Describe(verdict.Value, results));
    }

    /// <summary>One probe, bounded by the timeout even when it ignores cancellation.</summary>
    private async Task<ProbeResult> ProbeOnceAsync(IEngineProbe probe, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.HealthCheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await probe.ProbeAsync(linked.Token).WaitAsync(options.HealthCheckTimeout, time, cancellationToken).ConfigureAwait(false);
            return new ProbeResult(true, Elapsed(started), null);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            return new ProbeResult(false, Elapsed(started), $"timed out after {Seconds(options.HealthCheckTimeout)}");
        }
        catch (Exception e)
        {
            return new ProbeResult(false, Elapsed(started), e.Message);
        }
    }

    private string Describe(bool healthy, List<ProbeResult> results)
    {
        var passed = results.Count(r => r.Passed);
        var rule = options.Policy.ToLowerInvariant() switch
        {
            EngineHealthOptions.PolicyAll => "all must pass",
            EngineHealthOptions.PolicyAny => "one must pass",
            _ => "a majority must pass",
        };
        var failure = results.LastOrDefault(r => !r.Passed)?.Failure;
        return healthy
            ? $"{passed} of {results.Count} probes passed ({rule})"
            : $"{results.Count - passed} of {results.Count} probes failed ({rule}): {failure}";
    }

    private double Elapsed(long started) => time.GetElapsedTime(started).TotalMilliseconds;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
