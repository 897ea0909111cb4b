using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Commands.Operations;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>list_sessions {app?, database?, protocol?, state?, tier?, limit?, after?}</c>: the cluster's client sessions with their
/// connection profiles (<c>GET /v1/admin/sessions</c>, admin key).
/// </summary>
public sealed class ListSessionsTool : McpTool
{
    private static readonly string[] Protocols = ["pgwire", "http"];
    private static readonly string[] States = ["open", "closed"];
    private static readonly string[] Tiers = ["High", "Medium", "Low", "Background"];

    /// <inheritdoc/>
    public override string Name => "list_sessions";

    /// <inheritdoc/>
    public override string Description =>
        "List client sessions (PostgreSQL wire connections and HTTP clients) in id order with their connection profiles: app, database, " +
        "client address and port, application_name, privilege, state, tier (High, Medium, Low, Background) with its source (rule, model, default), confidence and rule index, and query load (statements, reads/writes, rate per second, p50/p99 ms, rows, bytes). " +
        "Pages with 'after' = the 'next' of the previous answer.";

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("app", ToolSchema.String("Only this app's sessions")),
        ("database", ToolSchema.String("Only sessions on this database (its name)")),
        ("protocol", ToolSchema.Enum("Only sessions of this protocol", Protocols)),
        ("state", ToolSchema.Enum("Only open or only closed sessions (closed ones stay a few minutes)", States)),
        ("tier", ToolSchema.Enum("Only sessions of this tier now", Tiers)),
        ("limit", ToolSchema.Integer("At most this many sessions", 1, 1000, 100)),
        ("after", ToolSchema.String("The page after this session id")),
    ];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var query = SessionsCommands.Query(
            arguments.OptionalString("app"),
            arguments.OptionalString("database"),
            arguments.OptionalString("protocol") is null ? null : arguments.Choice("protocol", Protocols, null),
            arguments.OptionalString("state") is null ? null : arguments.Choice("state", States, null),
            arguments.Integer("limit", 1, 1000, 100),
            arguments.OptionalString("after"),
            arguments.OptionalString("tier") is null ? null : arguments.Choice("tier", Tiers, null));
        return Node(await api.GetAsync($"v1/admin/sessions?{query}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false))!;
    }
}
