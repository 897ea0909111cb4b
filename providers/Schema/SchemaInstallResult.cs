namespace Orleans.DynamicDb.Providers.Schema;

/// <summary>What one run of <see cref="DynamicDbSchemaInstaller.InstallAsync"/> found and did.</summary>
/// <param name="PreviousVersion">The schema version recorded before the run (0: a fresh database).</param>
/// <param name="CurrentVersion">The schema version recorded after the run.</param>
/// <param name="Applied">The scripts this run applied, in order (empty when the schema was already current).</param>
public sealed record SchemaInstallResult(int PreviousVersion, int CurrentVersion, IReadOnlyList<string> Applied);
