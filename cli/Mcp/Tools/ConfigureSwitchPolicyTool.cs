using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>configure_switch_policy {policy_name, trigger_type, threshold_value, target_engine, enabled}</c>: creates or
/// replaces an automatic switching policy, <c>POST /v1/admin/policies</c> with the admin key (docs/switching-policies.md).
/// </summary>
public sealed class ConfigureSwitchPolicyTool : McpTool
{
    /// <summary>The trigger types the silo knows.</summary>
    public static readonly string[] Triggers = ["performance", "load_based"];

    /// <inheritdoc/>
    public override string Name => "configure_switch_policy";

    /// <inheritdoc/>
    public override string Description =>
        "Create or replace an automatic switching policy: when a database's p99 latency (performance, ms) or concurrent requests (load_based) pass threshold_value, it is moved to target_engine. Needs the admin key.";

    /// <inheritdoc/>
    public override bool ReadOnly => false;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("policy_name", ToolSchema.String("The policy's name; an existing policy with it is replaced")),
        ("trigger_type", ToolSchema.Enum("What fires the policy", Triggers)),
        ("threshold_value", ToolSchema.Number("p99 latency in ms (performance) or requests at once (load_based)", 0, 1e9)),
        ("target_engine", ToolSchema.String("The id of the engine databases are moved to")),
        ("enabled", ToolSchema.Boolean("Whether the policy is evaluated", true)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["policy_name", "trigger_type", "threshold_value", "target_engine"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["policy_name"] = arguments.RequiredString("policy_name"),
            ["trigger_type"] = arguments.Choice("trigger_type", Triggers, null),
            ["threshold_value"] = arguments.Number("threshold_value", 0, 1e9),
            ["target_engine"] = arguments.RequiredString("target_engine"),
            ["enabled"] = arguments.Boolean("enabled", true),
        };
        return Node(await api.PostAsync("v1/admin/policies", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false))!;
    }
}
