namespace Orleans.DynamicDb.Databases;

/// <summary>One table of a database.</summary>
/// <param name="Name">The table name; schema-qualified (<c>schema.table</c>) when it is not in the default schema.</param>
/// <param name="Columns">The columns, in declaration order.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.TableSchema")]
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSchema> Columns);
