namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>The product dashboard at <see cref="UiEndpoints.Path"/> (docs/dashboard.md). Section <c>DynamicDb:Ui</c>.</summary>
public sealed class UiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Ui";

    /// <summary>Serve the dashboard, its login and its JSON calls. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a login lasts (1 minute to 7 days); the session then ends whatever its use. Default: 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The most sessions the silo keeps at once (1 to 100000); the oldest ends when one more logs in. Default: 1000.</summary>
    public int MaxSessions { get; set; } = 1000;

    /// <summary>How often the page asks for new data (1 second to 5 minutes). Default: 5 seconds.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the silo samples each engine's status for the plots (1 second to 10 minutes). Default: 5 seconds.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Samples kept per engine (10 to 100000); at the default interval one hour. Default: 720.</summary>
    public int SamplesKept { get; set; } = 720;

    /// <summary>The setting's full name, for messages.</summary>
    public static string Setting(string name) => $"{SectionName}:{name}";
}
