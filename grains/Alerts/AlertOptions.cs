namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// Webhook alerts for critical events (section <c>DynamicDb:Alerts</c>): where they go and how hard delivery tries.
/// No webhook configured: alerts are not sent (publishing them costs nothing).
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Alerts";

    /// <summary>The receivers (<c>DynamicDb:Alerts:Webhooks:{i}</c>). Default: none.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>
    /// Alerts waiting per webhook; when full the oldest waiting alert is dropped (counted and logged), so publishing never
    /// blocks. Default: 1000 (1 to 1,000,000).
    /// </summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Delivery attempts of one alert to one webhook, the first included. Default: 5 (1 to 20).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles for each next one (with jitter). Default: 1 second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts. Default: 60 seconds (at least <see cref="InitialBackoff"/>).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the engines' event streams are read for failovers. Default: 2 seconds (0.1 s to 1 minute).</summary>
    public TimeSpan EngineEventsInterval { get; set; } = TimeSpan.FromSeconds(2);
}
