using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;

namespace Orleans.DynamicDb.Cli.Mcp.Tools;

/// <summary>
/// <c>check_engine_health {engine, include_detailed_metrics, auto_failover_on_failure}</c>: runs a probe round now
/// (<c>POST /v1/engines/{id}/probe</c>) and answers the engine's health; when it is not healthy and
/// <c>auto_failover_on_failure</c> is set, a <c>postgres-ha</c> group is failed over
/// (<c>POST /v1/engines/groups/{group}/failover</c>); other engines have no standby to fail over to, which is said.
/// </summary>
public sealed class CheckEngineHealthTool : McpTool
{
    private static readonly string[] Detailed =
        ["latency_ms", "error_rate", "connections", "replication_lag_bytes", "weight", "epoch", "pid", "port", "needs_rebuild", "last_change_at"];

    /// <inheritdoc/>
    public override string Name => "check_engine_health";

    /// <inheritdoc/>
    public override string Description =>
        "Probe an engine now and report its health (state, circuit, role, healthy). include_detailed_metrics adds latency, error rate, connections, replication lag. auto_failover_on_failure fails a postgres-ha group over to a standby when the engine is not healthy. Needs the admin key.";

    /// <inheritdoc/>
    public override bool ReadOnly => false;

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, JsonObject Schema)> Properties =>
    [
        ("engine", ToolSchema.String("The engine id (e.g. sqlite, pg-main, pg-ha)")),
        ("include_detailed_metrics", ToolSchema.Boolean("Add latency, error rate, connections, replication lag, weight, epoch", false)),
        ("auto_failover_on_failure", ToolSchema.Boolean("Fail a postgres-ha group over when the engine is not healthy", false)),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Required => ["engine"];

    /// <inheritdoc/>
    public override async Task<JsonNode> InvokeAsync(ToolArguments arguments, SiloApi api, CancellationToken cancellationToken)
    {
        var engine = arguments.RequiredString("engine");
        var detailed = arguments.Boolean("include_detailed_metrics", false);
        var failover = arguments.Boolean("auto_failover_on_failure", false);
        var probed = Node(await api.PostAsync($"v1/engines/{Uri.EscapeDataString(engine)}/probe", null, ApiCredential.Admin, cancellationToken)
            .ConfigureAwait(false))!;
        var healthy = EngineFields.IsHealthy(probed);
        var answer = new JsonObject
        {
            ["engine"] = EngineFields.Copy(probed, "id"),
            ["kind"] = EngineFields.Copy(probed, "kind"),
            ["healthy"] = healthy,
            ["state"] = EngineFields.Copy(probed, "state"),
            ["circuit"] = EngineFields.Copy(probed, "circuit"),
            ["role"] = EngineFields.Copy(probed, "role"),
            ["group"] = EngineFields.Copy(probed, "group"),
            ["last_probe_at"] = EngineFields.Copy(probed, "last_probe_at"),
        };
        if (detailed)
        {
            foreach (var name in Detailed)
            {
                answer[name] = EngineFields.Copy(probed, name);
            }
        }

        answer["failover"] = failover
            ? await FailoverAsync(api, probed, healthy, cancellationToken).ConfigureAwait(false)
            : new JsonObject { ["attempted"] = false, ["reason"] = "auto_failover_on_failure is false" };
        return answer;
    }

    private static async Task<JsonObject> FailoverAsync(SiloApi api, JsonNode probed, bool healthy, CancellationToken cancellationToken)
    {
        if (healthy)
        {
            return new JsonObject { ["attempted"] = false, ["reason"] = "the engine is healthy" };
        }

        var group = EngineFields.Text(probed, "group");
        if (EngineFields.Text(probed, "kind") != "postgres-ha" || group is null)
        {
            return new JsonObject
            {
                ["attempted"] = false,
                ["reason"] = $"engine '{EngineFields.Text(probed, "id")}' ({EngineFields.Text(probed, "kind")}) is not a replication group: there is no standby to fail over to; move its databases with switch_database_engine",
            };
        }

        try
        {
            var after = await api.PostAsync($"v1/engines/groups/{Uri.EscapeDataString(group)}/failover", new JsonObject(), ApiCredential.Admin, cancellationToken)
                .ConfigureAwait(false);
            return new JsonObject { ["attempted"] = true, ["succeeded"] = true, ["engine_after"] = Node(after) };
        }
        catch (CliProblemException problem)
        {
            return new JsonObject { ["attempted"] = true, ["succeeded"] = false, ["error"] = $"{problem.Code}: {problem.Detail}" };
        }
    }
}
