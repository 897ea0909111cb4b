using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.Gateway.Responses;
using Orleans.DynamicDb.Silo.Sessions;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>The SQL endpoints of the gateway contract: exec, query, transaction, schema, create-table and drop-table.</summary>
internal static class SqlEndpoints
{
    /// <summary><c>POST /v1/database/exec {database, sql, args}</c> → <c>{rows_affected, last_insert_id}</c>.</summary>
    public static async Task<IResult> ExecAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var statement = HttpSessionFilter.Stamp(http, new Statement(body.RequiredString("sql"), body.Args("args")));
        var result = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).ExecAsync(statement, ct));
        return GatewayJson.Json(ExecResponse.From(result));
    }

    /// <summary>
    /// <c>POST /v1/database/query {database, sql, args, read_only}</c> → <c>{columns, items, count, truncated}</c>, streamed
    /// page by page within <c>DynamicDb:Gateway:MaxResultRows</c> and <c>MaxResultBytes</c> (see <see cref="QueryStream"/>).
    /// With <c>"read_only": true</c>, and always for a read-only credential, the engine runs the statement read-only
    /// (<see cref="Statement.AsReadOnly"/>): a write fails with 403 <c>statement.read_only</c> and changes nothing.
    /// </summary>
    public static async Task<IResult> QueryAsync(HttpContext http, DatabaseGateway gateway, ILogger<QueryStream> logger)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var statement = HttpSessionFilter.Stamp(http, new Statement(body.RequiredString("sql"), body.Args("args")));
        if (body.OptionalBool("read_only") || http.User.IsReadOnly())
        {
            statement = statement.AsReadOnly();
        }

        var grain = gateway.Grain(name);
        var paging = gateway.ResultPaging;
        var first = await gateway.BoundAsync(http, gateway.StatementLimit, ct => grain.QueryPageAsync(statement, paging, ct));
        return new QueryStream(grain, first, gateway, logger);
    }

    /// <summary><c>POST /v1/database/transaction {database, queries}</c> → <c>{success: true}</c>, all or nothing.</summary>
    public static async Task<IResult> TransactionAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var statements = HttpSessionFilter.Stamp(http, TransactionStatements.Read(body));
        var results = await gateway.BoundAsync(http, gateway.TransactionLimit, ct => gateway.Grain(name).TransactionAsync(statements, ct));
        return GatewayJson.Json(TransactionResponse.From(results));
    }

    /// <summary><c>GET /v1/database/schema?database=</c> → <c>{tables: [{name, columns, column_details}]}</c>.</summary>
    public static Task<IResult> GetSchemaAsync(HttpContext http, DatabaseGateway gateway) =>
        SchemaAsync(http, gateway, DatabaseGateway.NameFromQuery(http));

    /// <summary><c>POST /v1/database/schema {database}</c>, the same as the GET form.</summary>
    public static async Task<IResult> PostSchemaAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        return await SchemaAsync(http, gateway, DatabaseGateway.Name(http, body.RequiredString("database")));
    }

    /// <summary><c>POST /v1/database/create-table {database, schema}</c> → <c>{rows_affected}</c>.</summary>
    public static async Task<IResult> CreateTableAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var statement = HttpSessionFilter.Stamp(http, new Statement(CreateTableSql.Check(body.RequiredString("schema"), "schema")));
        var result = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).ExecAsync(statement, ct));
        return GatewayJson.Json(new RowsAffectedResponse(result.RowsAffected));
    }

    /// <summary><c>POST /v1/database/drop-table {database, table_name}</c> → <c>{rows_affected}</c>; the name is checked and quoted.</summary>
    public static async Task<IResult> DropTableAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var statement = HttpSessionFilter.Stamp(http, new Statement($"DROP TABLE {TableName.Quote(body.RequiredString("table_name"), "table_name")}"));
        var result = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).ExecAsync(statement, ct));
        return GatewayJson.Json(new RowsAffectedResponse(result.RowsAffected));
    }

    private static async Task<IResult> SchemaAsync(HttpContext http, DatabaseGateway gateway, DatabaseName name)
    {
        var schema = await gateway.BoundAsync(http, gateway.StatementLimit, ct => gateway.Grain(name).GetSchemaAsync(ct));
        return GatewayJson.Json(SchemaResponse.From(schema));
    }
}
