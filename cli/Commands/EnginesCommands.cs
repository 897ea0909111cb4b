using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands;

/// <summary><c>dyndb engines list|show|probe|failover|add|remove</c>: the engines, through the admin API (admin key).</summary>
public static class EnginesCommands
{
    /// <summary>The <c>engines</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("engines", "The engines the databases live in (admin key): list, show, probe, failover, add, remove");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Probe(context));
        command.Subcommands.Add(Failover(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Remove(context));
        return command;
    }

    /// <summary>The engines as a table: id, kind, role, health, circuit, weight, epoch, latency, error rate, last probe.</summary>
    internal static Table EngineTable(IEnumerable<JsonElement> engines) => Renderers.Objects(
        engines,
        ("engine", e => JsonText.Member(e, "id")),
        ("kind", e => JsonText.Member(e, "kind")),
        ("role", e => JsonText.Member(e, "role")),
        ("state", e => JsonText.Member(e, "state")),
        ("circuit", e => JsonText.Member(e, "circuit")),
        ("weight", e => JsonText.Member(e, "weight")),
        ("epoch", e => JsonText.Member(e, "epoch")),
        ("p50 ms", e => Latency(e, "p50")),
        ("p99 ms", e => Latency(e, "p99")),
        ("errors", e => ErrorRate(e)),
        ("last probe", e => JsonText.Member(e, "last_probe_at")));

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List every engine (a postgres-ha engine is followed by its members)");
        command.SetAction(async (_, cancellationToken) =>
        {
            var answer = await context.Api.GetAsync("v1/engines", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.Write(EngineTable(answer.GetProperty("engines").EnumerateArray())));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = EngineArgument();
        var command = new Command("show", "Show one engine (or a member, e.g. pg-ha.m1) in full") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var answer = await context.Api.GetAsync($"v1/engines/{Uri.EscapeDataString(parseResult.GetValue(id)!)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.Write(Renderers.Entry(answer)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Probe(CliContext context)
    {
        var id = EngineArgument();
        var command = new Command("probe", "Run a probe round now and show the engine after it") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var answer = await context.Api.PostAsync($"v1/engines/{Uri.EscapeDataString(parseResult.GetValue(id)!)}/probe", null, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.Write(EngineTable([answer])));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Failover(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The postgres-ha engine whose group fails over" };
        var target = new Option<string>("--target") { Description = "The member to promote (m1 or pg-ha.m1); default: the best healthy synchronous standby" };
        var command = new Command("failover", "Fail a postgres-ha group over: a planned switchover when the primary is healthy") { group, target };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = parseResult.GetValue(target) is { } member ? new JsonObject { ["target"] = member } : null;
            var answer = await context.Api.PostAsync(
                $"v1/engines/groups/{Uri.EscapeDataString(parseResult.GetValue(group)!)}/failover", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                console.WriteLine($"Failed over: epoch {JsonText.Member(answer, "epoch")}, primary pid {JsonText.Member(answer, "pid")} on port {JsonText.Member(answer, "port")}.");
                console.Write(EngineTable([answer]));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The postgres-ha engine whose group gets a new synchronous standby" };
        var weight = new Option<double?>("--weight") { Description = "The member's weight, 0–1000 (default: the engine's Health:Weight)" };
        var command = new Command("add", "Add a synchronous standby to a postgres-ha group the silo runs") { group, weight };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject { ["group"] = parseResult.GetValue(group) };
            if (parseResult.GetValue(weight) is { } value)
            {
                body["weight"] = value;
            }

            var answer = await context.Api.PostAsync("v1/engines", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                console.WriteLine($"Added {JsonText.Member(answer, "id")} (port {JsonText.Member(answer, "port")}).");
                console.Write(EngineTable([answer]));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The postgres-ha engine whose group loses a standby" };
        var member = new Argument<string>("member") { Description = "The standby to remove (m3 or pg-ha.m3); never the primary, never below the group's Replicas" };
        var command = new Command("remove", "Remove a standby from a postgres-ha group the silo runs (its data directory is moved aside, not deleted)") { group, member };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var answer = await context.Api.DeleteAsync(
                $"v1/engines/groups/{Uri.EscapeDataString(parseResult.GetValue(group)!)}/members/{Uri.EscapeDataString(parseResult.GetValue(member)!)}",
                ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                console.WriteLine($"Removed {parseResult.GetValue(member)} from {JsonText.Member(answer, "id")}.");
                console.Write(EngineTable([answer]));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> EngineArgument() => new("engine") { Description = "The engine id (matched ignoring case)" };

    private static string Latency(JsonElement engine, string percentile) =>
        engine.TryGetProperty("latency_ms", out var latency) && latency.ValueKind == JsonValueKind.Object
            && latency.TryGetProperty(percentile, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("0.##", CultureInfo.InvariantCulture)
            : "-";

    private static string ErrorRate(JsonElement engine) =>
        engine.TryGetProperty("error_rate", out var rate) && rate.ValueKind == JsonValueKind.Number
            ? rate.GetDouble().ToString("P1", CultureInfo.InvariantCulture)
            : "-";
}
