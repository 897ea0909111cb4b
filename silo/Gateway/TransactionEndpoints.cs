using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.Gateway.Responses;
using Orleans.DynamicDb.Silo.Sessions;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// Interactive transactions over HTTP: open one, run statements in it, commit or roll back. The id the client holds is a
/// <see cref="TransactionHandle"/>, so any silo serves the next call. A read-only credential opens read-only transactions.
/// </summary>
internal static class TransactionEndpoints
{
    /// <summary>
    /// <c>POST /v1/database/transactions {database, idle_timeout_seconds?, read_only?, isolation?}</c> → 201
    /// <c>{id, database, idle_timeout_seconds, read_only, started_at}</c>.
    /// </summary>
    public static async Task<IResult> BeginAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var idle = body.OptionalNumber("idle_timeout_seconds") switch
        {
            null => (TimeSpan?)null,
            double s when double.IsFinite(s) && s > 0 && s <= TimeSpan.MaxValue.TotalSeconds / 2 => TimeSpan.FromSeconds(s),
            double s => throw JsonFields.Invalid($"The field 'idle_timeout_seconds' must be a positive number of seconds; it is {s}."),
        };
        var isolation = body.OptionalString("isolation") switch
        {
            null or "read_committed" => TransactionIsolation.ReadCommitted,
            "repeatable_read" => TransactionIsolation.RepeatableRead,
            "serializable" => TransactionIsolation.Serializable,
            var other => throw JsonFields.Invalid($"The field 'isolation' must be \"read_committed\" (the default), \"repeatable_read\" or \"serializable\"; it is \"{other}\"."),
        };
        var options = new TransactionOptions(SessionId(http), body.OptionalBool("read_only") || http.User.IsReadOnly(), idle, isolation, HttpSessionFilter.TierOf(http));
        var opened = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).BeginTransactionAsync(options, ct));
        var id = TransactionHandle.Format(name, opened.Id);
        http.Response.Headers.Location = $"{GatewayEndpoints.BasePath}/transactions/{id}";
        return GatewayJson.Json(
            new TransactionOpenedResponse(id, name.Database, opened.IdleTimeout.TotalSeconds, opened.ReadOnly, opened.StartedAt),
            StatusCodes.Status201Created);
    }

    /// <summary><c>POST /v1/database/transactions/{id}/exec {sql, args}</c> → <c>{rows_affected, last_insert_id}</c>.</summary>
    public static async Task<IResult> ExecAsync(HttpContext http, DatabaseGateway gateway, string id)
    {
        var (name, transaction) = TransactionHandle.Parse(http, id);
        using var body = await gateway.ReadBodyAsync(http);
        var statement = Statement(http, body, name);
        var result = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).ExecInTransactionAsync(transaction, statement, ct));
        return GatewayJson.Json(ExecResponse.From(result));
    }

    /// <summary><c>POST /v1/database/transactions/{id}/query {sql, args, read_only?}</c> → <c>{items, count, columns}</c>.</summary>
    public static async Task<IResult> QueryAsync(HttpContext http, DatabaseGateway gateway, string id)
    {
        var (name, transaction) = TransactionHandle.Parse(http, id);
        using var body = await gateway.ReadBodyAsync(http);
        var statement = Statement(http, body, name);
        if (body.OptionalBool("read_only") || http.User.IsReadOnly())
        {
            statement = statement.AsReadOnly();
        }

        var result = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).QueryInTransactionAsync(transaction, statement, ct));
        return GatewayJson.Json(QueryResponse.From(result));
    }

    /// <summary><c>POST /v1/database/transactions/{id}/commit</c> → <c>{id, state: "committed"}</c>.</summary>
    public static async Task<IResult> CommitAsync(HttpContext http, DatabaseGateway gateway, string id)
    {
        var (name, transaction) = TransactionHandle.Parse(http, id);
        await gateway.BoundAsync(http, gateway.StatementLimit, async ct =>
        {
            await gateway.Grain(name).CommitTransactionAsync(transaction, ct);
            return true;
        });
        return GatewayJson.Json(new TransactionEndedResponse(id, "committed"));
    }

    /// <summary>
    /// <c>POST /v1/database/transactions/{id}/rollback</c> and <c>DELETE /v1/database/transactions/{id}</c> →
    /// <c>{id, state: "rolled_back"}</c>; rolling back a transaction that already ended is not an error.
    /// </summary>
    public static async Task<IResult> RollbackAsync(HttpContext http, DatabaseGateway gateway, string id)
    {
        var (name, transaction) = TransactionHandle.Parse(http, id);
        await gateway.BoundAsync(http, gateway.StatementLimit, async ct =>
        {
            await gateway.Grain(name).RollbackTransactionAsync(transaction, ct);
            return true;
        });
        return GatewayJson.Json(new TransactionEndedResponse(id, "rolled_back"));
    }

    /// <summary>The statement of an exec/query body; a <c>database</c> field, when given, must be the transaction's.</summary>
    private static Statement Statement(HttpContext http, RequestBody body, DatabaseName name)
    {
        if (body.OptionalString("database") is { } database && DatabaseGateway.Name(http, database) != name)
        {
            throw JsonFields.Invalid($"The field 'database' ('{database}') is not the transaction's database ('{name.Database}'); leave it out or name the same database.");
        }

        return HttpSessionFilter.Stamp(http, new Statement(body.RequiredString("sql"), body.Args("args")));
    }

    /// <summary>The caller's session id (docs/sessions.md): the owner the database lists with the transaction.</summary>
    private static string SessionId(HttpContext http) =>
        HttpSessionFilter.SessionIdOf(http) ?? $"http:{http.User.GetApp()}@{http.Connection.RemoteIpAddress}";
}
