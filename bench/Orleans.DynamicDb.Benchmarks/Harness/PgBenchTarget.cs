namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Where a pgbench run connects: a name for the table, a loopback port, the database, user and password (null: trust).</summary>
internal sealed record PgBenchTarget(string Name, int Port, string Database, string User, string? Password);
