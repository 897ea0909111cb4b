using System.Net.Http.Json;
using Orleans.DynamicDb.Ml.Labels;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>
/// Samples the silo's sessions once a second (<c>GET /v1/admin/sessions?state=open</c>, every page; each row of the
/// listing is the whole profile <c>GET /v1/admin/sessions/{id}</c> answers) and writes one trace row per snapshot of a
/// session the workloads run now: its features, the label rule's tier, then the bookkeeping columns.
/// </summary>
public sealed class SessionSampler(HttpClient http, string adminKey, ActiveSessions active, TextWriter output)
{
    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Distinct sessions written so far.</summary>
    public int Sessions => _seen.Count;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Samples every <paramref name="interval"/> until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await SampleAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        string? after = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/sessions?state=open&limit=1000" + (after is null ? "" : "&after=" + after));
            request.Headers.Add("X-API-Key", adminKey);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<SessionPageJson>(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("GET /v1/admin/sessions answered null.");
            foreach (var session in page.Sessions)
            {
                Write(session, at);
            }

            after = page.Next;
        }
        while (after is not null);

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Write(SessionJson session, DateTimeOffset at)
    {
        if (active.Find(session.RecorderName) is not { } running || session.Load.Statements == 0)
        {
            return;
        }

        var features = TierFeatures.From(session.ToProfile());
        var label = TierLabelRule.Label(running.Declared, features);
        output.WriteLine(TraceCsv.Row(features, label.ToString(), session.Id, running.Workload, running.Declared, at));
        Rows++;
        _seen.Add(session.Id);
    }
}
