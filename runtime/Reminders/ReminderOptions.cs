namespace Orleans.DynamicDb.Runtime;

/// <summary>How reminders behave. Section: <c>Orleans:Reminders</c>.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Orleans:Reminders";

    /// <summary>The shortest period a reminder may have. Default: 1 minute (tests may lower it).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the silo re-reads its slice of the reminder table to pick up rows written elsewhere. Default: 5 minutes.</summary>
    public TimeSpan RefreshReminderListPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
