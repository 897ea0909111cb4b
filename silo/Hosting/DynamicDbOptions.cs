namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>The silo host's own settings. Section: <c>DynamicDb</c>.</summary>
public sealed class DynamicDbOptions
{
    public const string SectionName = "DynamicDb";

    /// <summary>The default <see cref="DataDirectory"/>.</summary>
    public const string DefaultDataDirectory = "./data";

    /// <summary>
    /// Where the silo keeps its files: grain state in <c>silo/grainstate.db</c>, reminders in <c>silo/reminders.db</c>
    /// and, later, the embedded databases. A relative path is resolved against the working directory. It is created
    /// when missing and must be writable. Default: "./data".
    /// </summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// Longest time the readiness check waits for the grain runtime to answer before it reports the silo not ready.
    /// Default: 5 seconds.
    /// </summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The setting's full name as written in configuration, e.g. "DynamicDb:DataDirectory".</summary>
    internal static string Setting(string name) => $"{SectionName}:{name}";
}
