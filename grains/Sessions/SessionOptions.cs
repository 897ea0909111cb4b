namespace Orleans.DynamicDb.Sessions;

/// <summary>How sessions (docs/sessions.md) are tracked and kept. Section <see cref="SectionName"/>.</summary>
public sealed class SessionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Sessions";

    /// <summary>How long a closed session's profile stays visible before the grain deactivates. Default: 5 minutes. Zero: gone at once.</summary>
    public TimeSpan RetainClosedFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a connection with new activity reports it to its session grain (one one-way call per batch). Default: 1 second.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an idle connection still reports (an empty report), so a session grain or registry shard lost with
    /// a silo comes back; a session that has not reported for three times this long is closed as lost. Default: 2 minutes.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The window of the statements-per-second rate. Default: 60 seconds.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An HTTP session ends after this long without a request. Default: 5 minutes.</summary>
    public TimeSpan HttpIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The full name of setting <paramref name="property"/>, for error messages.</summary>
    public static string Setting(string property) => $"{SectionName}:{property}";
}
