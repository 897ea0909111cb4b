using Npgsql;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>
/// The databases the workloads use, created and filled once before recording (idempotent): pgbench's tables, an app's
/// users and orders on both engines, a warehouse of 200,000 sales for reports, and staging tables for bulk loads.
/// </summary>
public static class Datasets
{
    public const string Pgbench = "pgbench";
    public const string App = "app";
    public const string AppPg = "apppg";
    public const string Warehouse = "warehouse";
    public const string Staging = "staging";
    public const string StagingLite = "stagelite";

    public const int Accounts = 100_000;
    public const int Tellers = 100;
    public const int Branches = 10;
    public const int Users = 5_000;
    public const int Products = 1_000;
    public const int Stores = 50;
    public const int Sales = 200_000;

    /// <summary>Creates and fills the databases that are missing or empty.</summary>
    public static async Task PrepareAsync(WorkloadContext context, CancellationToken cancellationToken)
    {
        var gateway = context.Gateway;
        var key = context.Options.AppKey;
        foreach (var (database, engine) in new[] { (Pgbench, context.Options.PostgresEngine), (AppPg, context.Options.PostgresEngine), (Warehouse, context.Options.PostgresEngine), (Staging, context.Options.PostgresEngine), (App, (string?)null), (StagingLite, null) })
        {
            await gateway.PostAsync("/v1/database/create", engine is null ? new { database } : new { database, engine }, key, "rec-setup", cancellationToken).ConfigureAwait(false);
        }

        await PostgresAsync(context, Pgbench, PgbenchSql, cancellationToken).ConfigureAwait(false);
        await PostgresAsync(context, AppPg, AppPgSql, cancellationToken).ConfigureAwait(false);
        await PostgresAsync(context, Warehouse, WarehouseSql, cancellationToken).ConfigureAwait(false);
        await PostgresAsync(context, Staging, ["CREATE TABLE IF NOT EXISTS load_target (id bigserial PRIMARY KEY, batch text NOT NULL, payload text NOT NULL, n integer NOT NULL)"], cancellationToken).ConfigureAwait(false);
        foreach (var sql in AppLiteSql)
        {
            await gateway.ExecAsync(App, sql, [], key, "rec-setup", cancellationToken).ConfigureAwait(false);
        }

        await gateway.ExecAsync(StagingLite, "CREATE TABLE IF NOT EXISTS load_target (id INTEGER PRIMARY KEY, batch TEXT NOT NULL, payload TEXT NOT NULL, n INTEGER NOT NULL)", [], key, "rec-setup", cancellationToken).ConfigureAwait(false);
    }

    private static async Task PostgresAsync(WorkloadContext context, string database, IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(database, "rec-setup", readOnlyKey: false, cancellationToken).ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly string[] PgbenchSql =
    [
        "CREATE TABLE IF NOT EXISTS pgbench_branches (bid integer PRIMARY KEY, bbalance integer NOT NULL, filler char(88))",
        "CREATE TABLE IF NOT EXISTS pgbench_tellers (tid integer PRIMARY KEY, bid integer NOT NULL, tbalance integer NOT NULL, filler char(84))",
        "CREATE TABLE IF NOT EXISTS pgbench_accounts (aid integer PRIMARY KEY, bid integer NOT NULL, abalance integer NOT NULL, filler char(84))",
        "CREATE TABLE IF NOT EXISTS pgbench_history (tid integer, bid integer, aid integer, delta integer, mtime timestamp, filler char(22))",
        $"INSERT INTO pgbench_branches SELECT g, 0, '' FROM generate_series(1, {Branches}) g WHERE NOT EXISTS (SELECT 1 FROM pgbench_branches)",
        $"INSERT INTO pgbench_tellers SELECT g, (g - 1) / 10 + 1, 0, '' FROM generate_series(1, {Tellers}) g WHERE NOT EXISTS (SELECT 1 FROM pgbench_tellers)",
        $"INSERT INTO pgbench_accounts SELECT g, (g - 1) / 10000 + 1, 0, '' FROM generate_series(1, {Accounts}) g WHERE NOT EXISTS (SELECT 1 FROM pgbench_accounts)",
    ];

    private static readonly string[] AppPgSql =
    [
        "CREATE TABLE IF NOT EXISTS users (id bigserial PRIMARY KEY, name text NOT NULL, email text NOT NULL, last_seen text)",
        "CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL, total double precision NOT NULL, created text NOT NULL)",
        "CREATE INDEX IF NOT EXISTS orders_user ON orders (user_id)",
        $"INSERT INTO users (name, email) SELECT 'user' || g, 'u' || g || '@example.test' FROM generate_series(1, {Users}) g WHERE NOT EXISTS (SELECT 1 FROM users)",
        $"INSERT INTO orders (user_id, total, created) SELECT 1 + g % {Users}, (g % 997) / 10.0, '2026-01-01' FROM generate_series(1, {Users * 4}) g WHERE NOT EXISTS (SELECT 1 FROM orders)",
    ];

    private static readonly string[] AppLiteSql =
    [
        "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, last_seen TEXT)",
        "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, total REAL NOT NULL, created TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS orders_user ON orders (user_id)",
        $"INSERT INTO users (name, email) SELECT 'user' || x, 'u' || x || '@example.test' FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Users}) SELECT x FROM c) WHERE NOT EXISTS (SELECT 1 FROM users)",
        $"INSERT INTO orders (user_id, total, created) SELECT 1 + x % {Users}, (x % 997) / 10.0, '2026-01-01' FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {Users * 4}) SELECT x FROM c) WHERE NOT EXISTS (SELECT 1 FROM orders)",
    ];

    private static readonly string[] WarehouseSql =
    [
        "CREATE TABLE IF NOT EXISTS products (id integer PRIMARY KEY, category text NOT NULL, price numeric(10,2) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS stores (id integer PRIMARY KEY, region text NOT NULL)",
        "CREATE TABLE IF NOT EXISTS sales (id bigserial PRIMARY KEY, product_id integer NOT NULL, store_id integer NOT NULL, sold_at timestamp NOT NULL, qty integer NOT NULL, amount numeric(12,2) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS sales_daily (day date NOT NULL, region text NOT NULL, amount numeric NOT NULL)",
        $"INSERT INTO products SELECT g, 'cat' || (g % 20), 1 + (g % 500) FROM generate_series(1, {Products}) g WHERE NOT EXISTS (SELECT 1 FROM products)",
        $"INSERT INTO stores SELECT g, 'region' || (g % 6) FROM generate_series(1, {Stores}) g WHERE NOT EXISTS (SELECT 1 FROM stores)",
        $"INSERT INTO sales (product_id, store_id, sold_at, qty, amount) SELECT 1 + (g * 7919) % {Products}, 1 + (g * 31) % {Stores}, TIMESTAMP '2026-01-01' + (g % 365) * INTERVAL '1 day' + (g % 86400) * INTERVAL '1 second', 1 + g % 9, (1 + g % 9) * (1 + g % 500) FROM generate_series(1, {Sales}) g WHERE NOT EXISTS (SELECT 1 FROM sales)",
        "CREATE INDEX IF NOT EXISTS sales_sold_at ON sales (sold_at)",
        "ANALYZE",
    ];
}
