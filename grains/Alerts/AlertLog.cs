using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Alerts;

/// <summary>The alert delivery's log lines.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = EventIds.AlertDropped, Level = LogLevel.Warning, Message = "Alert dropped: the queue of webhook {Webhook} is full; dropped event={Event} id={AlertId}, {Dropped} dropped so far")]
    public static partial void Dropped(ILogger logger, string webhook, string @event, string alertId, long dropped);

    [LoggerMessage(EventId = EventIds.AlertDelivered, Level = LogLevel.Information, Message = "Alert delivered to webhook {Webhook} event={Event} id={AlertId} attempts={Attempts} status={Status}")]
    public static partial void Delivered(ILogger logger, string webhook, string @event, string alertId, int attempts, int status);

    [LoggerMessage(EventId = EventIds.AlertRetrying, Level = LogLevel.Information, Message = "Alert to webhook {Webhook} event={Event} id={AlertId} attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string webhook, string @event, string alertId, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = EventIds.AlertFailed, Level = LogLevel.Warning, Message = "Alert to webhook {Webhook} event={Event} id={AlertId} given up after {Attempts} attempts: {Failure}")]
    public static partial void Failed(ILogger logger, string webhook, string @event, string alertId, int attempts, string failure);

    [LoggerMessage(EventId = EventIds.AlertRejected, Level = LogLevel.Warning, Message = "Alert to webhook {Webhook} event={Event} id={AlertId} rejected with status {Status}; not retried")]
    public static partial void Rejected(ILogger logger, string webhook, string @event, string alertId, int status);

    [LoggerMessage(EventId = EventIds.AlertPublishFailed, Level = LogLevel.Error, Message = "Alert event={Event} could not be queued")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = EventIds.AlertEngineEventsFailed, Level = LogLevel.Debug, Message = "Engine events of {EngineId} could not be read for alerts")]
    public static partial void EngineEventsFailed(ILogger logger, Exception exception, string engineId);
}
