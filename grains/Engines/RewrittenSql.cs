namespace Orleans.DynamicDb.Engines;

/// <summary>SQL whose <c>?</c> placeholders were replaced by the engine's own, and how many there were.</summary>
internal readonly record struct RewrittenSql(string Sql, int ParameterCount);
