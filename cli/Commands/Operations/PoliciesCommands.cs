using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb policies list|set|enable|disable|delete</c>: switching policies at run time (<c>/v1/admin/policies</c>,
/// docs/switching-policies.md). The silo checks the values and names the field of a bad one (e.g.
/// <c>threshold_value</c> for <c>--threshold</c>).
/// </summary>
public static class PoliciesCommands
{
    /// <summary>The fields of a policy the set endpoint takes (the rest of a listed policy is what it did).</summary>
    private static readonly string[] SettableFields = ["policy_name", "trigger_type", "threshold_value", "scale_down_threshold", "target_engine", "enabled", "apps", "window_seconds"];

    /// <summary>The option that sets each field, named beside the field in a problem.</summary>
    private static readonly (string Field, string Option)[] OptionOfField =
    [
        ("policy_name", "the name"), ("trigger_type", "--trigger"), ("threshold_value", "--threshold"), ("scale_down_threshold", "--scale-down"),
        ("target_engine", "--target"), ("window_seconds", "--window"), ("apps", "--app"),
    ];

    /// <summary>The <c>policies</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("policies", "Switching policies: list, set, enable, disable, delete");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Set(context));
        command.Subcommands.Add(Toggle(context, enable: true));
        command.Subcommands.Add(Toggle(context, enable: false));
        command.Subcommands.Add(Delete(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the policies and what they did");
        command.SetAction(async (_, cancellationToken) =>
        {
            var answer = await context.Api.GetAsync("v1/admin/policies", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                var policies = answer.GetProperty("policies").EnumerateArray().ToList();
                console.Write(Renderers.Objects(
                    policies,
                    ("name", p => JsonText.Member(p, "policy_name")),
                    ("enabled", p => JsonText.Member(p, "enabled")),
                    ("trigger", p => JsonText.Member(p, "trigger_type")),
                    ("threshold", p => JsonText.Member(p, "threshold_value")),
                    ("scale down", p => JsonText.Member(p, "scale_down_threshold")),
                    ("target", p => JsonText.Member(p, "target_engine")),
                    ("apps", p => p.GetProperty("apps").GetArrayLength() == 0 ? "(all)" : string.Join(",", p.GetProperty("apps").EnumerateArray().Select(JsonText.Of))),
                    ("window s", p => JsonText.Member(p, "window_seconds")),
                    ("evaluations", p => JsonText.Member(p, "evaluations")),
                    ("requests", p => p.GetProperty("requests").GetArrayLength().ToString(CultureInfo.InvariantCulture)),
                    ("last evaluation", p => JsonText.Member(p, "last_evaluation"))));
                console.WriteLine(policies.Count == 1 ? "(1 policy)" : $"({policies.Count} policies)");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliContext context)
    {
        var name = NameArgument();
        var trigger = new Option<string>("--trigger") { Description = "performance (statement p99 in ms) or load_based (requests in flight)", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "The trigger's threshold: p99 ms (performance) or requests in flight (load_based)", Required = true };
        var target = new Option<string>("--target") { Description = "The engine id databases move to", Required = true };
        var scaleDown = new Option<double?>("--scale-down") { Description = "load_based: move back below this many requests in flight" };
        var apps = new Option<string[]>("--app") { Description = "Only databases of this app (repeat; default: every app)" };
        var window = new Option<double?>("--window") { Description = "Seconds of load measured per evaluation (silo default 60)" };
        var disabled = new Option<bool>("--disabled") { Description = "Create it disabled (enable later)" };
        var command = new Command("set", "Create or replace a policy") { name, trigger, threshold, target, scaleDown, apps, window, disabled };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["policy_name"] = parseResult.GetValue(name),
                ["trigger_type"] = parseResult.GetValue(trigger),
                ["threshold_value"] = parseResult.GetValue(threshold),
                ["target_engine"] = parseResult.GetValue(target),
                ["enabled"] = !parseResult.GetValue(disabled),
            };
            if (parseResult.GetValue(scaleDown) is { } down)
            {
                body["scale_down_threshold"] = down;
            }

            if (parseResult.GetValue(apps) is { Length: > 0 } only)
            {
                body["apps"] = new JsonArray([.. only.Select(a => JsonValue.Create(a))]);
            }

            if (parseResult.GetValue(window) is { } seconds)
            {
                body["window_seconds"] = seconds;
            }

            JsonElement answer;
            try
            {
                answer = await context.Api.PostAsync("v1/admin/policies", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            }
            catch (CliProblemException problem) when (problem.Status == 400 && !context.Json)
            {
                throw new CliProblemException(problem.Status, problem.Code, problem.Title, WithOptions(problem.Detail), problem.Body);
            }

            context.Emit(answer, console => console.Write(Renderers.Entry(answer)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Toggle(CliContext context, bool enable)
    {
        var name = NameArgument();
        var command = new Command(enable ? "enable" : "disable", enable ? "Enable a policy (it evaluates again)" : "Disable a policy (it stops evaluating; kept)") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var policyName = parseResult.GetValue(name)!;
            var list = await context.Api.GetAsync("v1/admin/policies", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var policy = list.GetProperty("policies").EnumerateArray()
                .Where(p => JsonText.Member(p, "policy_name") == policyName)
                .Select(p => (JsonElement?)p)
                .FirstOrDefault() ?? throw new CliException($"No switching policy is named '{policyName}' (dyndb policies list).", ExitCodes.NotFound);

            // The set endpoint replaces the policy: the same fields, enabled changed.
            var body = new JsonObject();
            foreach (var field in SettableFields)
            {
                if (policy.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    body[field] = JsonNode.Parse(value.GetRawText());
                }
            }

            body["enabled"] = enable;
            var answer = await context.Api.PostAsync("v1/admin/policies", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.WriteLine($"Policy '{policyName}' is {(enable ? "enabled" : "disabled")}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete a policy") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var policyName = parseResult.GetValue(name)!;
            var answer = await context.Api.DeleteAsync($"v1/admin/policies/{Uri.EscapeDataString(policyName)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.WriteLine($"Deleted policy '{policyName}'."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The silo names a bad value by its JSON field; the option that set it is named beside it.</summary>
    internal static string WithOptions(string detail)
    {
        foreach (var (field, option) in OptionOfField)
        {
            detail = detail.Replace($"'{field}'", $"{option} ('{field}')", StringComparison.Ordinal);
        }

        return detail;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The policy's name (1–64 letters, digits, '_', '-', '.')" };
}
