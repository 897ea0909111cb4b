namespace Orleans.DynamicDb.Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard (grains, silos, calls per second, latency) served by every silo. Section
/// <c>DynamicDb:Dashboard</c>. Read when the host is built, because the dashboard's grains join the silo then.
/// </summary>
/// <param name="Enabled"><c>DynamicDb:Dashboard:Enabled</c>: serve it. Default: true.</param>
/// <param name="Path"><c>DynamicDb:Dashboard:Path</c>: where. Default: <c>/dashboard</c>.</param>
public sealed record DashboardSettings(bool Enabled, string Path)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:Dashboard";

    /// <summary>The default path.</summary>
    public const string DefaultPath = "/dashboard";

    /// <summary>The settings from configuration; a path that does not start with <c>/</c> stops the silo naming the setting.</summary>
    public static DashboardSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var enabledText = section["Enabled"];
        var enabled = true;
        if (!string.IsNullOrWhiteSpace(enabledText) && !bool.TryParse(enabledText, out enabled))
        {
            throw Invalid($"{SectionName}:Enabled '{enabledText}' must be true or false.");
        }

        var path = section["Path"] is { Length: > 0 } configured ? configured : DefaultPath;
        if (!path.StartsWith('/') || path.Length < 2 || path.Contains('?', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal) || path.EndsWith('/'))
        {
            throw Invalid($"{SectionName}:Path '{path}' must be an absolute path such as /dashboard (no query, no trailing slash).");
        }

        return new DashboardSettings(enabled, path);
    }

    private static Microsoft.Extensions.Options.OptionsValidationException Invalid(string message) =>
        new(SectionName, typeof(DashboardSettings), [message]);
}
