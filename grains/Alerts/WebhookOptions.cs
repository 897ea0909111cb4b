namespace Orleans.DynamicDb.Alerts;

/// <summary>One webhook receiver (<c>DynamicDb:Alerts:Webhooks:{i}</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The absolute <c>http</c> or <c>https</c> URL alerts are POSTed to. Required.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The key of the <c>X-DynDb-Signature</c> HMAC-SHA256 of every body, shared with the receiver. Required, at least
    /// 16 characters.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The event names sent to this receiver (<see cref="AlertEvents"/>). Default (empty): every critical event.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>How long one attempt may take before it counts as a timeout (and is retried). Default: 5 seconds (1 to 300).</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Whether this receiver takes <paramref name="eventName"/>.</summary>
    public bool Accepts(string eventName) =>
        Events.Count == 0 ? AlertEvents.Critical.Contains(eventName) : Events.Contains(eventName, StringComparer.Ordinal);
}
