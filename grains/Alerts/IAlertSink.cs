namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// Where code hands alerts over for delivery to the configured webhooks. <see cref="Publish"/> never blocks and never
/// throws: it queues the alert (dropping the oldest waiting one when the queue is full) and returns at once, so a slow or
/// dead receiver never slows the data path. Registered as a singleton by
/// <see cref="AlertServiceCollectionExtensions.AddDynamicDbAlerts"/>.
/// </summary>
public interface IAlertSink
{
    /// <summary>Queues <paramref name="alert"/> for every webhook that takes its event; returns at once.</summary>
    void Publish(AlertEvent alert);
}
