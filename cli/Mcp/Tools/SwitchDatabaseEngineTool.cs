using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>switch_database_engine {app, database, target_engine, switch_mode, timeout_seconds, validate_target,
/// rollback_on_failure}</c>: the seed's manual switch, <c>POST /v1/admin/databases/{app}/{database}/switch</c> with the
/// admin key; answers when the switch ended, with its outcome (docs/switching.md).
/// </summary>
public sealed class SwitchDatabaseEngineTool : McpTool
{
    /// <summary>The switch modes the silo knows.</summary>
    public static readonly string[] Modes = ["graceful"];

    /// <inheritdoc/>
    public override string Name => "switch_database_engine";

    /// <inheritdoc/>
    public override string Description =>
        "Move one database to another engine with zero downtime (copy, catch up, cut over, validate; rolled back on failure). Returns when the switch ended: success, state, write_pause_ms, switch_duration_ms, rows_copied, validation. Needs the admin key.";

    /// <inheritdoc/>
    public override bool ReadOnly => false;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("app", ToolSchema.String("The application the database belongs to")),
        ("database", ToolSchema.String("The database to move")),
        ("target_engine", ToolSchema.String("The id of the configured engine to move it to (see get_engine_metrics)")),
        ("switch_mode", ToolSchema.Enum("How to switch", Modes, "graceful")),
        ("timeout_seconds", ToolSchema.Integer("Bound on everything before the cut-over", 1, 3600, 30)),
        ("validate_target", ToolSchema.Boolean("Require the target to be Healthy with its circuit closed", true)),
        ("rollback_on_failure", ToolSchema.Boolean("Switch back when post-validation fails", true)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["app", "database", "target_engine"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var app = arguments.RequiredString("app");
        var database = arguments.RequiredString("database");
        var body = new JsonObject
        {
            ["target_engine"] = arguments.RequiredString("target_engine"),
            ["switch_mode"] = arguments.Choice("switch_mode", Modes, "graceful"),
            ["timeout_seconds"] = arguments.Integer("timeout_seconds", 1, 3600, 30),
            ["validate_target"] = arguments.Boolean("validate_target", true),
            ["rollback_on_failure"] = arguments.Boolean("rollback_on_failure", true),
        };
        var path = $"v1/admin/databases/{Uri.EscapeDataString(app)}/{Uri.EscapeDataString(database)}/switch";
        return Node(await api.PostAsync(path, body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false))!;
    }
}
