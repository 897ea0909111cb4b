using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>query_database {database, sql, args?, max_rows?}</c>: a read-only query through <c>POST /v1/database/query</c> with
/// the app key and <c>"read_only": true</c>, so the silo's engine runs it read-only and refuses any write
/// (<c>statement.read_only</c>), including one a check of the SQL text cannot see (a function that writes). The
/// client-side <see cref="ReadOnlySql"/> check stays only to answer an obvious write early with a friendly message. The
/// rows as the silo answers them, cut to <c>max_rows</c> for the model.
/// </summary>
public sealed class QueryDatabaseTool : McpTool
{
    /// <inheritdoc/>
    public override string Name => "query_database";

    /// <inheritdoc/>
    public override string Description =>
        "Run one read-only SQL query (SELECT, WITH, VALUES, EXPLAIN) on a database and return its rows. Statements that write are refused. Arguments are positional '?' placeholders.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("database", ToolSchema.String("The database's name")),
        ("sql", ToolSchema.String("One read-only SQL statement with '?' placeholders")),
        ("args", ToolSchema.SqlArgs("Values for the '?' placeholders, in order")),
        ("max_rows", ToolSchema.Integer("The most rows returned to the client (the rest are counted, not sent)", 1, 10000, 200)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["database", "sql"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var database = arguments.RequiredString("database");
        var sql = arguments.RequiredString("sql");
        var args = arguments.Scalars("args");
        var maxRows = arguments.Integer("max_rows", 1, 10000, 200);
        if (ReadOnlySql.Refusal(sql) is { } refusal)
        {
            throw new ToolArgumentException("sql", $"query_database runs read-only queries only, and this SQL is refused: {refusal}. Use the dyndb CLI or the HTTP API to write.");
        }

        var body = new JsonObject
        {
            ["database"] = database,
            ["sql"] = sql,
            ["args"] = new JsonArray([.. args.Select(a => JsonNode.Parse(a.GetRawText()))]),
            ["read_only"] = true,
        };
        var answer = Node(await api.PostAsync("v1/database/query", body, ApiCredential.App, cancellationToken).ConfigureAwait(false))!.AsObject();
        if (answer["items"] is JsonArray items && items.Count > maxRows)
        {
            var kept = new JsonArray([.. items.Take(maxRows).Select(i => i?.DeepClone())]);
            answer["items"] = kept;
            answer["rows_not_shown"] = items.Count - maxRows;
        }

        return answer;
    }
}
