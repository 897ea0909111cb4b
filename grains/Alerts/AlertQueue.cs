using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// The <see cref="IAlertSink"/>: one bounded queue per configured webhook (<see cref="WebhookChannel"/>), so a receiver
/// that is down only ever delays its own alerts. <see cref="WebhookSender"/> empties them.
/// </summary>
internal sealed class AlertQueue : IAlertSink
{
    private readonly ILogger<AlertQueue> _logger;

    public AlertQueue(IOptions<AlertOptions> options, AlertMetrics metrics, ILogger<AlertQueue> logger)
    {
        _logger = logger;
        var value = options.Value;
        Channels = value.Webhooks.Select((w, i) => new WebhookChannel(i, w, value.QueueCapacity, metrics, logger)).ToArray();
    }

    /// <summary>The queue of each webhook, in configuration order.</summary>
    public IReadOnlyList<WebhookChannel> Channels { get; }

    public void Publish(AlertEvent alert)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(alert);
            foreach (var channel in Channels)
            {
                if (channel.Options.Accepts(alert.Event))
                {
                    channel.Write(alert);
                }
            }
        }
        catch (Exception e)
        {
            AlertLog.PublishFailed(_logger, e, alert?.Event ?? "?");
        }
    }
}
