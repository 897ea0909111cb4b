using System.Text.Json.Serialization;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>One session of <c>GET /v1/admin/sessions</c> (docs/sessions.md): the fields the recorder reads.</summary>
internal sealed record SessionJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("app")] string App,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("privilege")] string Privilege,
    [property: JsonPropertyName("client_session_id")] string? ClientSessionId,
    [property: JsonPropertyName("application_name")] string? ApplicationName,
    [property: JsonPropertyName("opened_at")] DateTimeOffset OpenedAt,
    [property: JsonPropertyName("last_active_at")] DateTimeOffset LastActiveAt,
    [property: JsonPropertyName("load")] SessionLoadJson Load)
{
    /// <summary>The name the recorder gave the session: its <c>application_name</c> (wire) or <c>X-Session-Id</c> (HTTP).</summary>
    public string? RecorderName => Protocol == SessionProtocols.PgWire ? ApplicationName : ClientSessionId;

    /// <summary>The profile <see cref="Tiers.TierFeatures.From"/> reads, with the fields the features do not use left empty.</summary>
    public SessionProfile ToProfile() => new(
        Id, Protocol, State, App, Database, User: "", ClientAddress: "", ClientPort: 0, Host: "", Privilege, CredentialId: "",
        ClientSessionId, ApplicationName, new Dictionary<string, string>(), OpenedAt, LastActiveAt, ClosedAt: null, CloseReason: null,
        Load.ToLoad());
}

/// <summary>The <c>load</c> object of a session (<see cref="SessionLoad"/>).</summary>
internal sealed record SessionLoadJson(
    [property: JsonPropertyName("statements")] long Statements,
    [property: JsonPropertyName("reads")] long Reads,
    [property: JsonPropertyName("writes")] long Writes,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("read_ratio")] double ReadRatio,
    [property: JsonPropertyName("in_transaction")] long InTransaction,
    [property: JsonPropertyName("transactions")] long Transactions,
    [property: JsonPropertyName("statements_per_transaction")] double StatementsPerTransaction,
    [property: JsonPropertyName("rate_per_second")] double RatePerSecond,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("server_time_ms")] double ServerTimeMs,
    [property: JsonPropertyName("server_time_per_statement_ms")] double ServerTimePerStatementMs)
{
    public SessionLoad ToLoad() => new(
        Statements, Reads, Writes, Errors, ReadRatio, InTransaction, Transactions, StatementsPerTransaction, RatePerSecond,
        P50Ms, P99Ms, Rows, Bytes, ServerTimeMs, ServerTimePerStatementMs);
}

/// <summary>A page of <c>GET /v1/admin/sessions</c>.</summary>
internal sealed record SessionPageJson(
    [property: JsonPropertyName("sessions")] IReadOnlyList<SessionJson> Sessions,
    [property: JsonPropertyName("next")] string? Next);
