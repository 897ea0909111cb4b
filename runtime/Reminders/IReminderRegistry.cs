namespace Orleans.DynamicDb.Runtime;

/// <summary>The reminder operations a grain reaches through its base class.</summary>
internal interface IReminderRegistry
{
    Task<IGrainReminder> RegisterOrUpdateReminder(GrainId grainId, Grain grain, string reminderName, TimeSpan dueTime, TimeSpan period);

    Task<IGrainReminder?> GetReminder(GrainId grainId, string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetReminders(GrainId grainId);

    Task UnregisterReminder(GrainId grainId, IGrainReminder reminder);
}
