using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb audit list|verify</c>: the audit log of administrative actions (<c>GET /v1/admin/audit</c>, docs/security.md
/// "Audit log") and the verification of its hash chain. <c>verify</c> exits 1 when the chain is broken, naming the
/// first broken row and why.
/// </summary>
public static class AuditCommands
{
    /// <summary>The <c>audit</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("audit", "The audit log of administrative actions: list, verify");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Verify(context));
        return command;
    }

    private static Command List(CliContext context)
    {
        var since = new Option<long>("--since") { Description = "Rows after this sequence number (0: from the first; an earlier answer's next)", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (1–1000, default 100)", DefaultValueFactory = _ => 100 };
        var action = new Option<string>("--action") { Description = "Only this action (e.g. switch.requested, policy.changed)" };
        var actor = new Option<string>("--actor") { Description = "Only this actor (e.g. admin:ops, policy:slow, system)" };
        var target = new Option<string>("--target") { Description = "Only this target (e.g. app/database, a policy name)" };
        var command = new Command("list", "List audit rows, oldest first") { since, limit, action, actor, target };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new StringBuilder("v1/admin/audit?since=")
                .Append(parseResult.GetValue(since).ToString(CultureInfo.InvariantCulture))
                .Append("&limit=").Append(parseResult.GetValue(limit).ToString(CultureInfo.InvariantCulture));
            foreach (var (name, option) in new[] { ("action", action), ("actor", actor), ("target", target) })
            {
                if (parseResult.GetValue(option) is { } value)
                {
                    query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
                }
            }

            var answer = await context.Api.GetAsync(query.ToString(), ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                var rows = answer.GetProperty("rows").EnumerateArray().ToList();
                console.Write(Renderers.Objects(
                    rows,
                    ("seq", r => JsonText.Member(r, "seq")),
                    ("at", r => r.GetProperty("at").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    ("actor", r => JsonText.Member(r, "actor")),
                    ("action", r => JsonText.Member(r, "action")),
                    ("target", r => JsonText.Member(r, "target")),
                    ("result", r => JsonText.Member(r, "result")),
                    ("details", r => r.TryGetProperty("details", out var d) ? d.GetRawText() : "-")));
                console.WriteLine($"({rows.Count} row(s); next: --since {JsonText.Member(answer, "next")})");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var command = new Command("verify", "Verify the audit log's hash chain (exit 1 when it is broken)");
        command.SetAction(async (_, cancellationToken) =>
        {
            var answer = await context.Api.GetAsync("v1/admin/audit?limit=1", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var chain = answer.GetProperty("chain");
            var intact = chain.GetProperty("intact").ValueKind == JsonValueKind.True;
            context.Emit(chain, console =>
            {
                if (intact)
                {
                    console.MarkupLine($"[green]intact[/]: {JsonText.Member(chain, "rows_checked")} row(s) checked; head hash {Markup.Escape(JsonText.Member(chain, "head_hash"))}");
                }
            });
            if (!intact)
            {
                await context.Error.WriteLineAsync(
                    $"Error: the audit log's chain is broken at row {JsonText.Member(chain, "broken_at")}: {JsonText.Member(chain, "reason")} ({JsonText.Member(chain, "rows_checked")} row(s) checked).").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
