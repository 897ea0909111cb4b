namespace Orleans.DynamicDb.Providers.Schema;

/// <summary>One embedded schema script: it brings the schema from version <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version the script produces (its file name's number: <c>001-initial.sql</c> is 1).</param>
/// <param name="Name">The script's file name, for logs and errors.</param>
/// <param name="Sql">The script's text.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql);
