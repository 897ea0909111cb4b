namespace Orleans.DynamicDb.Databases;

/// <summary>The user tables of a database, ordered by name.</summary>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.DatabaseSchema")]
public sealed record DatabaseSchema(IReadOnlyList<TableSchema> Tables);
