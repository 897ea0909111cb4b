namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// Where a pgbench run connects: a name for the table, a loopback port, the database, user and password (null: trust),
/// and the process between the client and PostgreSQL (PgBouncer, the silo) whose CPU time is measured, if any, and
/// how to read the bytes that process has allocated so far (the silo's GC counter), if it can be read.
/// </summary>
internal sealed record PgBenchTarget(string Name, int Port, string Database, string User, string? Password, int? MiddlePid = null,
    Func<Task<double>>? AllocatedBytes = null);
