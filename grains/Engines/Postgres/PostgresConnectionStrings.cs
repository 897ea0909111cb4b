using System.Globalization;
using Npgsql;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>Connection strings for the databases of a PostgreSQL server.</summary>
internal static class PostgresConnectionStrings
{
    private const string ApplicationName = "Orleans.DynamicDb";

    /// <summary>
    /// The server's connection string pointed at <paramref name="database"/>, with the engine's pool size, the statement
    /// timeout enforced by the server (plus a client-side backstop) and error details included.
    /// </summary>
    public static string ForDatabase(string serverConnectionString, string database, EngineOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Database = database,
            MaxPoolSize = options.MaxPoolSize,
            IncludeErrorDetail = true,
        };
        builder.ApplicationName ??= ApplicationName;
        if (options.StatementTimeout > TimeSpan.Zero)
        {
            var milliseconds = ((long)Math.Ceiling(options.StatementTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            builder.Options = string.IsNullOrWhiteSpace(builder.Options)
                ? $"-c statement_timeout={milliseconds}"
                : $"{builder.Options} -c statement_timeout={milliseconds}";
            builder.CommandTimeout = (int)Math.Ceiling(options.StatementTimeout.TotalSeconds) + 15;
        }
        else
        {
            builder.CommandTimeout = 0;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// <see cref="ForDatabase"/> logged in as the database's tenant role: what tenant statements run on. Pooled
    /// connections are always reset (<c>DISCARD ALL</c>, an open transaction rolled back) before reuse, whatever the
    /// server's connection string says, so no session state of one request reaches the next.
    /// </summary>
    public static string ForTenant(string serverConnectionString, string database, TenantLogin login, EngineOptions options) =>
        new NpgsqlConnectionStringBuilder(ForDatabase(serverConnectionString, database, options))
        {
            Username = login.Role,
            Password = login.Password,
            Passfile = null,
            NoResetOnClose = false,
        }.ConnectionString;

    /// <summary>
    /// <see cref="ForTenant"/> for the shared pool (<see cref="MultiplexingStatementPool"/>): Npgsql multiplexing on at most
    /// <see cref="EngineOptions.SharedPoolSize"/> physical connections, whose <c>application_name</c> ends in
    /// <see cref="SharedSuffix"/> so that <c>pg_stat_activity</c> tells them from the dedicated pool's.
    /// </summary>
    public static string ForShared(string serverConnectionString, string database, TenantLogin login, EngineOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(ForTenant(serverConnectionString, database, login, options))
        {
            Multiplexing = true,
            MaxPoolSize = options.SharedPoolSize,
        };
        var name = builder.ApplicationName ?? ApplicationName;
        builder.ApplicationName = name[..Math.Min(name.Length, 63 - SharedSuffix.Length)] + SharedSuffix;
        return builder.ConnectionString;
    }

    /// <summary>
    /// <see cref="ForTenant"/> for the low-priority pool of the Low and Background tiers (<see cref="LowTierPool"/>), whose
    /// <c>application_name</c> ends in <see cref="LowPrioritySuffix"/>.
    /// </summary>
    public static string ForLowPriority(string serverConnectionString, string database, TenantLogin login, EngineOptions options) =>
        ForLowPriority(ForTenant(serverConnectionString, database, login, options));

    /// <summary>The tenant connection string <paramref name="tenantConnectionString"/> for the low-priority pool.</summary>
    public static string ForLowPriority(string tenantConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(tenantConnectionString);
        var name = builder.ApplicationName ?? ApplicationName;
        builder.ApplicationName = name[..Math.Min(name.Length, 63 - LowPrioritySuffix.Length)] + LowPrioritySuffix;
        return builder.ConnectionString;
    }

    /// <summary>What the low-priority pool's connections add to their <c>application_name</c>.</summary>
    public const string LowPrioritySuffix = " (low priority)";

    /// <summary>What the shared pool's connections add to their <c>application_name</c>.</summary>
    public const string SharedSuffix = " (shared)";

    /// <summary>The server's connection string for maintenance work (creating, renaming databases), unpooled or lightly pooled.</summary>
    public static string ForMaintenance(string serverConnectionString, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = pooling, MaxPoolSize = 4 };
        builder.ApplicationName ??= ApplicationName;
        if (string.IsNullOrEmpty(builder.Database))
        {
            builder.Database = "postgres";
        }

        return builder.ConnectionString;
    }
}
