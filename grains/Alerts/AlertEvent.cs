namespace Orleans.DynamicDb.Alerts;

/// <summary>
/// One alert, as POSTed to webhooks (JSON, snake_case fields). <see cref="Id"/> is stable for one occurrence, so a
/// receiver that hears it twice (a retry, or two silos reporting the same engine event) can tell.
/// </summary>
/// <param name="Id">The delivery id (also the <c>X-DynDb-Delivery</c> header).</param>
/// <param name="Event">What happened: one of <see cref="AlertEvents"/>.</param>
/// <param name="Severity"><c>critical</c> or <c>warning</c>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Engine">The engine concerned, or null.</param>
/// <param name="App">The app of the database concerned, or null.</param>
/// <param name="Database">The database concerned, or null.</param>
/// <param name="Message">One sentence for a human.</param>
/// <param name="Details">Event-specific values (e.g. <c>policy</c>, <c>target_engine</c>, <c>switch_id</c>).</param>
public sealed record AlertEvent(
    string Id,
    string Event,
    string Severity,
    DateTimeOffset At,
    string? Engine,
    string? App,
    string? Database,
    string Message,
    IReadOnlyDictionary<string, string?>? Details = null)
{
    /// <summary>The <see cref="Severity"/> of events that need someone now.</summary>
    public const string CriticalSeverity = "critical";

    /// <summary>The <see cref="Severity"/> of events worth knowing.</summary>
    public const string WarningSeverity = "warning";

    /// <summary>A critical alert with a new random id.</summary>
    public static AlertEvent Critical(string eventName, DateTimeOffset at, string message, string? engine = null, string? app = null, string? database = null, IReadOnlyDictionary<string, string?>? details = null) =>
        new(Guid.NewGuid().ToString("N"), eventName, CriticalSeverity, at, engine, app, database, message, details);
}
