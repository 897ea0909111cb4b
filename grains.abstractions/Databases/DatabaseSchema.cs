using Orleans.DynamicDb.Runtime;

namespace Orleans.DynamicDb.Databases;

/// <summary>The user tables of a database, ordered by name.</summary>
[Immutable]
public sealed record DatabaseSchema(IReadOnlyList<TableSchema> Tables);
