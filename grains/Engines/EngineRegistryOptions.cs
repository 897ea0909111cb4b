namespace Orleans.DynamicDb.Engines;

/// <summary>
/// The configured engines. Bind the list under <see cref="SectionName"/>
/// (<c>configuration.GetSection(EngineRegistryOptions.SectionName).Bind(options.Engines)</c>).
/// </summary>
public sealed class EngineRegistryOptions
{
    /// <summary>The configuration section holding the engine list.</summary>
    public const string SectionName = "DynamicDb:Engines";

    /// <summary>The engines, in configuration order. Default: empty, which means one embedded SQLite engine (<see cref="EngineOptions.EmbeddedDefault"/>).</summary>
    public IList<EngineOptions> Engines { get; } = [];
}
