using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// The bounded queue of one webhook: writing never waits; when it is full the oldest waiting alert is dropped, counted
/// (<see cref="AlertMetrics.DroppedInstrument"/>) and logged (the first drop, then every 1000th).
/// </summary>
internal sealed class WebhookChannel
{
    private readonly Channel<AlertEvent> _channel;
    private readonly AlertMetrics _metrics;
    private readonly ILogger _logger;
    private long _dropped;

    public WebhookChannel(int index, WebhookOptions options, int capacity, AlertMetrics metrics, ILogger logger)
    {
        Options = options;
        Uri = new Uri(options.Url!, UriKind.Absolute);
        Name = $"{AlertOptions.SectionName}:Webhooks:{index} ({Uri.Authority})";
        _metrics = metrics;
        _logger = logger;
        _channel = Channel.CreateBounded<AlertEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    /// <summary>The webhook's settings.</summary>
    public WebhookOptions Options { get; }

    /// <summary>Where alerts go.</summary>
    public Uri Uri { get; }

    /// <summary>The webhook's name in logs: its setting and host (never the secret, nor the URL's path or query).</summary>
    public string Name { get; }

    /// <summary>Alerts dropped so far because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The waiting alerts, for the sender.</summary>
    public ChannelReader<AlertEvent> Reader => _channel.Reader;

    /// <summary>Queues an alert; never waits (a full queue drops its oldest).</summary>
    public void Write(AlertEvent alert) => _channel.Writer.TryWrite(alert);

    /// <summary>No more alerts: the sender ends once the queue is empty.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private void OnDropped(AlertEvent alert)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        _metrics.Dropped();

        // A flood must not become a log flood: the first drop, then every 1000th.
        if (dropped == 1 || dropped % 1000 == 0)
        {
            AlertLog.Dropped(_logger, Name, alert.Event, alert.Id, dropped);
        }
    }
}
