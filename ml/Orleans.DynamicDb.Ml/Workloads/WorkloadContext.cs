using Npgsql;
using Orleans.DynamicDb.Ml.Recording;

namespace Orleans.DynamicDb.Ml.Workloads;

/// <summary>What a workload session needs: the options, the HTTP API and wire connections named after the session.</summary>
public sealed class WorkloadContext(RecordOptions options, GatewayClient gateway)
{
    public RecordOptions Options { get; } = options;

    public GatewayClient Gateway { get; } = gateway;

    /// <summary>Opens a wire connection (no type loading: the frontend answers no pg_type queries) to <paramref name="database"/> whose <c>application_name</c> is <paramref name="session"/>.</summary>
    public async Task<NpgsqlConnection> OpenAsync(string database, string session, bool readOnlyKey, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Options.PgWireHost,
            Port = Options.PgWirePort,
            Database = database,
            Username = Options.App,
            Password = readOnlyKey ? Options.ReadOnlyKey : Options.AppKey,
            ApplicationName = session,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 120,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString + ";Server Compatibility Mode=NoTypeLoading");
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>The key of a session that uses the read-only key or the read-write one.</summary>
    public string Key(bool readOnlyKey) => readOnlyKey ? Options.ReadOnlyKey : Options.AppKey;
}
