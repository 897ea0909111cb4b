namespace Orleans.DynamicDb.Databases;

/// <summary>One column of a table.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The declared type as the engine reports it (e.g. <c>INTEGER</c>, <c>text</c>, <c>character varying</c>).</param>
/// <param name="NotNull">True when the column has a NOT NULL constraint.</param>
/// <param name="PrimaryKey">True when the column is part of the primary key.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ColumnSchema")]
public sealed record ColumnSchema(string Name, string Type, bool NotNull, bool PrimaryKey);
