using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Reminders;

internal sealed partial class ReminderService
{
    [LoggerMessage(EventId = RuntimeEventIds.ReminderFired, Level = LogLevel.Debug, Message = "Reminder {ReminderName} of grain {GrainId} fired")]
    private partial void LogFired(GrainId grainId, string reminderName);

    [LoggerMessage(EventId = RuntimeEventIds.ReminderFailed, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of grain {GrainId} failed; it keeps its schedule")]
    private partial void LogFailed(GrainId grainId, string reminderName, Exception exception);

    [LoggerMessage(EventId = RuntimeEventIds.ReminderRegistered, Level = LogLevel.Information, Message = "Reminder {ReminderName} of grain {GrainId} registered: due {DueTime}, period {Period}")]
    private partial void LogRegistered(GrainId grainId, string reminderName, TimeSpan dueTime, TimeSpan period);

    [LoggerMessage(EventId = RuntimeEventIds.ReminderUnregistered, Level = LogLevel.Information, Message = "Reminder {ReminderName} of grain {GrainId} unregistered")]
    private partial void LogUnregistered(GrainId grainId, string reminderName);

    [LoggerMessage(EventId = RuntimeEventIds.ReminderTableReadFailed, Level = LogLevel.Warning, Message = "Reading the reminder table failed; retrying at the next refresh")]
    private partial void LogTableReadFailed(Exception exception);
}
