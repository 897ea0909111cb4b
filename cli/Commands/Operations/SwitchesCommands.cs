using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb switches list|show|approve|reject</c>: the switch history (<c>GET /v1/admin/switches</c>) and the decisions
/// on requests waiting for approval (<c>POST /v1/admin/switches/{id}/approve|reject</c>).
/// </summary>
public static class SwitchesCommands
{
    /// <summary>The most history records read by one <c>list</c> (the history is paged through up to this).</summary>
    public const int MaxScanned = 100_000;

    private const int PageSize = 1000;

    /// <summary>The <c>switches</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("switches", "The engine switch history and pending approvals: list, show, approve, reject");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Approve(context));
        command.Subcommands.Add(Reject(context));
        return command;
    }

    /// <summary>Every switch of the history, newest change last (each switch once, as it is now).</summary>
    internal static async Task<List<JsonElement>> ReadAllAsync(CliContext context, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var since = "0";
        for (var scanned = 0; scanned < MaxScanned;)
        {
            var page = await context.Api.GetAsync($"v1/admin/switches?since={Uri.EscapeDataString(since)}&limit={PageSize}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var switches = page.GetProperty("switches");
            foreach (var record in switches.EnumerateArray())
            {
                byId[JsonText.Member(record, "id")] = record;
            }

            scanned += switches.GetArrayLength();
            since = JsonText.Member(page, "next");
            if (switches.GetArrayLength() < PageSize)
            {
                break;
            }
        }

        return [.. byId.Values.OrderBy(r => r.GetProperty("cursor").GetInt64())];
    }

    private static Command List(CliContext context)
    {
        var state = new Option<string>("--state") { Description = "Only this state: pending (pending_approval), running, completed, rolled_back, failed, rejected, expired" };
        var database = new Option<string>("--database") { Description = "Only this database (app/database)" };
        var limit = new Option<int>("--limit") { Description = "Show the most recent N (default 50)", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List switches, most recently changed last") { state, database, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var wanted = parseResult.GetValue(state) is { } s ? (s == "pending" ? SwitchOutcome.Pending : s) : null;
            if (wanted is not null && wanted != "running" && wanted != SwitchOutcome.Pending && !SwitchOutcome.FinalStates.Contains(wanted))
            {
                throw new CliException($"--state '{wanted}' is not a switch state; the states are pending, running, completed, rolled_back, failed, rejected, expired.", ExitCodes.Usage);
            }

            var count = parseResult.GetValue(limit);
            if (count is < 1 or > MaxScanned)
            {
                throw new CliException($"--limit must be 1 to {MaxScanned}; it is {count}.", ExitCodes.Usage);
            }

            var only = parseResult.GetValue(database) is { } d ? DatabaseTarget.Parse(d, null) : null;
            var all = await ReadAllAsync(context, cancellationToken).ConfigureAwait(false);
            var shown = all
                .Where(r => wanted is null || SwitchOutcome.State(r) == wanted)
                .Where(r => only is null || (JsonText.Member(r, "app") == only.App && JsonText.Member(r, "database") == only.Database))
                .TakeLast(count)
                .ToList();
            if (context.Json)
            {
                // The history's shape, each record as the silo wrote it.
                context.Output.WriteLine($"{{\"switches\":[{string.Join(",", shown.Select(r => r.GetRawText()))}]}}");
                return ExitCodes.Ok;
            }

            context.Console.Write(Renderers.Objects(
                shown,
                ("id", r => JsonText.Member(r, "id")),
                ("database", r => $"{JsonText.Member(r, "app")}/{JsonText.Member(r, "database")}"),
                ("from", r => JsonText.Member(r, "source")),
                ("to", r => JsonText.Member(r, "target")),
                ("state", r => JsonText.Member(r, "state")),
                ("phase", r => JsonText.Member(r, "phase")),
                ("requested by", r => JsonText.Member(r, "requested_by")),
                ("created", r => Time(r, "created_at")),
                ("write pause ms", r => JsonText.Member(r, "write_pause_ms")),
                ("error", r => JsonText.Member(r, "error"))));
            context.Console.WriteLine(shown.Count == 1 ? "(1 switch)" : $"({shown.Count} switches)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("show", "Show one switch: state, phase, numbers, validation, error (exit 0 whatever its state)") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var record = await context.Api.GetAsync($"v1/admin/switches/{Uri.EscapeDataString(parseResult.GetValue(id)!)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            SwitchOutcome.Report(context, record, quiet: true);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Approve(CliContext context)
    {
        var id = IdArgument();
        var interval = SwitchCommand.PollIntervalOption();
        var command = new Command("approve", "Approve a pending switch: it runs now; its phases are shown until it ends") { id, interval };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var switchId = parseResult.GetValue(id)!;
            var pause = SwitchCommand.PollInterval(parseResult.GetValue(interval));

            // The approve call answers once the switch ended; its phases are followed from the history meanwhile.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var approve = context.Api.PostAsync($"v1/admin/switches/{Uri.EscapeDataString(switchId)}/approve", null, ApiCredential.Admin, cancellationToken);
            var follow = FollowAfterApprovalAsync(context, switchId, pause, approve, stop.Token);
            JsonElement result;
            try
            {
                result = await approve.ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await follow.ConfigureAwait(false);
            }

            SwitchOutcome.Report(context, result);
            return SwitchOutcome.ExitCode(result);
        });
        return command;
    }

    private static Command Reject(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("reject", "Reject a pending switch (it never runs)") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var record = await context.Api.PostAsync($"v1/admin/switches/{Uri.EscapeDataString(parseResult.GetValue(id)!)}/reject", null, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(record, console => console.WriteLine(
                $"Rejected switch {JsonText.Member(record, "id")} of {JsonText.Member(record, "app")}/{JsonText.Member(record, "database")} to '{JsonText.Member(record, "target")}' (decided by {JsonText.Member(record, "decided_by")})."));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the phases of an approved switch while the approve call runs (people only; quiet with <c>--json</c>).</summary>
    private static async Task FollowAfterApprovalAsync(CliContext context, string id, TimeSpan interval, Task approve, CancellationToken stop)
    {
        if (context.Json)
        {
            return;
        }

        string? shown = null;
        try
        {
            while (!approve.IsCompleted)
            {
                var record = await context.Api.GetAsync($"v1/admin/switches/{Uri.EscapeDataString(id)}", ApiCredential.Admin, stop).ConfigureAwait(false);
                var phase = JsonText.Member(record, "phase");
                if (SwitchPhaseNames.IndexOf(phase) >= 0 && !string.Equals(phase, shown, StringComparison.Ordinal) && SwitchOutcome.State(record) == "running")
                {
                    context.Output.WriteLine($"{phase}: {SwitchPhaseNames.Label(phase)}");
                    shown = phase;
                }

                await Task.WhenAny(approve, Task.Delay(interval, stop)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The approve call ended (or Ctrl-C): following stops with it.
        }
        catch (CliException)
        {
            // Following is a display only: the approve call's own answer (or problem) is what counts.
        }
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The switch id (sw_ and 32 hex digits)" };

    private static string Time(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at)
            ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";
}
