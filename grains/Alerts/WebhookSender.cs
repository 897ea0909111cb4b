using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// Delivers queued alerts, one webhook at a time per queue (so each receiver sees them in order): a JSON POST signed with
/// the webhook's secret (<see cref="AlertSignature"/>), retried after a 5xx, 408, 429, a timeout or a connection error
/// with exponential backoff and jitter up to <see cref="AlertOptions.MaxAttempts"/>; another 4xx (or a 3xx) is final.
/// Alerts still queued when the silo stops are not sent.
/// </summary>
internal sealed class WebhookSender(
    AlertQueue queue,
    IOptions<AlertOptions> options,
    AlertMetrics metrics,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>The header with the event name.</summary>
    public const string EventHeader = "X-DynDb-Event";

    /// <summary>The header with the alert's id.</summary>
    public const string DeliveryHeader = "X-DynDb-Delivery";

    /// <summary>The body's shape: snake_case fields, ISO 8601 times.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly AlertOptions _options = options.Value;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(queue.Channels.Select(channel => RunAsync(channel, stoppingToken)));

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task RunAsync(WebhookChannel channel, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(channel, alert, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(WebhookChannel channel, AlertEvent alert, CancellationToken stoppingToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(alert, Json);
        var signature = AlertSignature.Compute(channel.Options.Secret!, body);
        for (var attempt = 1; ; attempt++)
        {
            var (status, failure) = await AttemptAsync(channel, alert, body, signature, stoppingToken).ConfigureAwait(false);
            if (failure is null)
            {
                metrics.Sent("delivered");
                AlertLog.Delivered(logger, channel.Name, alert.Event, alert.Id, attempt, status);
                return;
            }

            if (!IsRetryable(status))
            {
                metrics.Sent("rejected");
                AlertLog.Rejected(logger, channel.Name, alert.Event, alert.Id, status);
                return;
            }

            if (attempt >= _options.MaxAttempts)
            {
                metrics.Sent("failed");
                AlertLog.Failed(logger, channel.Name, alert.Event, alert.Id, attempt, failure);
                return;
            }

            var delay = Backoff(attempt);
            metrics.Retried();
            AlertLog.Retrying(logger, channel.Name, alert.Event, alert.Id, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One POST: the status (0 without an answer) and null on success, else why it failed.</summary>
    private async Task<(int Status, string? Failure)> AttemptAsync(WebhookChannel channel, AlertEvent alert, byte[] body, string signature, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(channel.Options.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, channel.Uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(EventHeader, alert.Event);
            request.Headers.Add(DeliveryHeader, alert.Id);
            request.Headers.Add(AlertSignature.Header, signature);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? (status, null) : (status, string.Create(CultureInfo.InvariantCulture, $"status {status}"));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (0, $"no answer within {channel.Options.TimeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return (0, e.Message);
        }
    }

    /// <summary>Retried: no answer (timeout, connection error), 408, 429 and 5xx. Final: any other status.</summary>
    internal static bool IsRetryable(int status) => status is 0 or 408 or 429 or >= 500;

    /// <summary>InitialBackoff × 2^(attempt−1), capped at MaxBackoff, then a random 75–100 % of it (jitter).</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + (0.25 * Random.Shared.NextDouble())));
    }
}
