using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.OpenApi;

/// <summary>
/// The request bodies of the gateway as the OpenAPI document shows them. The endpoints read their bodies field by
/// field (see <c>Gateway/Requests</c>), so these records only describe them; keep them in step with docs/http-api.md.
/// </summary>
internal static class RequestBodies
{
    /// <summary>The body of exec.</summary>
    [Description("One SQL statement with positional '?' placeholders and one argument per placeholder.")]
    public sealed record StatementRequest(
        [property: JsonPropertyName("database"), Description("The database name: a-z, 0-9 and _, 1-63 characters.")] string Database,
        [property: JsonPropertyName("sql")] string Sql,
        [property: JsonPropertyName("args"), Description("null, booleans, numbers or strings; no arrays or objects.")] IReadOnlyList<JsonElement>? Args);

    /// <summary>The body of query.</summary>
    [Description("One SQL statement that returns rows, with positional '?' placeholders and one argument per placeholder.")]
    public sealed record QueryRequest(
        [property: JsonPropertyName("database"), Description("The database name: a-z, 0-9 and _, 1-63 characters.")] string Database,
        [property: JsonPropertyName("sql")] string Sql,
        [property: JsonPropertyName("args"), Description("null, booleans, numbers or strings; no arrays or objects.")] IReadOnlyList<JsonElement>? Args,
        [property: JsonPropertyName("read_only"), Description("true: the engine runs the statement read-only, so a write fails with 403 statement.read_only and changes nothing. Default false; always true for a read-only key.")] bool? ReadOnly);

    /// <summary>The body of transaction.</summary>
    [Description("Statements run all or nothing; each is a SQL string or an object {sql, args}.")]
    public sealed record TransactionRequest(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("queries")] IReadOnlyList<JsonElement> Queries);

    /// <summary>The body of opening an interactive transaction.</summary>
    [Description("Opens an interactive transaction on one database; its statements follow with /transactions/{id}/exec and /query, then /commit or /rollback.")]
    public sealed record OpenTransactionRequest(
        [property: JsonPropertyName("database"), Description("The database name: a-z, 0-9 and _, 1-63 characters.")] string Database,
        [property: JsonPropertyName("idle_timeout_seconds"), Description("How long it may stay without a statement before it is rolled back. Default DynamicDb:Databases:TransactionIdleTimeout (60 s); at most MaxTransactionIdleTimeout (1 h).")] double? IdleTimeoutSeconds,
        [property: JsonPropertyName("read_only"), Description("true: every statement in it runs read-only. Default false; always true for a read-only key.")] bool? ReadOnly,
        [property: JsonPropertyName("isolation"), Description("read_committed (default), repeatable_read or serializable. PostgreSQL engines begin at that level; SQLite is serializable anyway.")] string? Isolation = null);

    /// <summary>The body of exec in a transaction.</summary>
    [Description("One SQL statement with positional '?' placeholders, run inside the transaction.")]
    public sealed record TransactionStatementRequest(
        [property: JsonPropertyName("sql")] string Sql,
        [property: JsonPropertyName("args"), Description("null, booleans, numbers or strings; no arrays or objects.")] IReadOnlyList<JsonElement>? Args,
        [property: JsonPropertyName("database"), Description("Optional; when given it must be the transaction's database.")] string? Database);

    /// <summary>The body of query in a transaction.</summary>
    [Description("One SQL statement that returns rows, run inside the transaction.")]
    public sealed record TransactionQueryRequest(
        [property: JsonPropertyName("sql")] string Sql,
        [property: JsonPropertyName("args"), Description("null, booleans, numbers or strings; no arrays or objects.")] IReadOnlyList<JsonElement>? Args,
        [property: JsonPropertyName("read_only"), Description("true: the statement runs read-only (in a read-only savepoint on PostgreSQL).")] bool? ReadOnly,
        [property: JsonPropertyName("database"), Description("Optional; when given it must be the transaction's database.")] string? Database);

    /// <summary>The body of the POST form of schema.</summary>
    public sealed record DatabaseRequest([property: JsonPropertyName("database")] string Database);

    /// <summary>The body of create-table.</summary>
    public sealed record CreateTableRequest(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("schema"), Description("A CREATE ... TABLE statement.")] string Schema);

    /// <summary>The body of drop-table.</summary>
    public sealed record DropTableRequest(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("table_name"), Description("An identifier, optionally schema.table.")] string TableName);

    /// <summary>The body of create.</summary>
    public sealed record CreateDatabaseRequest(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("engine"), Description("A configured engine id; default: the default engine.")] string? Engine,
        [property: JsonPropertyName("hibernation_timeout_seconds"), Description("0 never hibernates; at most 30 days.")] double? HibernationTimeoutSeconds);

    /// <summary>The body of drop.</summary>
    public sealed record DropDatabaseRequest(
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("confirm"), Description("Must repeat the database name.")] string Confirm);
}
