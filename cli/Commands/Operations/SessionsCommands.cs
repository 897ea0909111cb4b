using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb sessions list|show|kill</c>: the live sessions of the cluster (<c>GET /v1/admin/sessions</c>), one
/// session's connection profile (<c>GET /v1/admin/sessions/{id}</c>) and the kill (<c>DELETE /v1/admin/sessions/{id}</c>).
/// </summary>
public static class SessionsCommands
{
    /// <summary>The <c>sessions</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("sessions", "Client sessions (PostgreSQL wire connections, HTTP clients) and their profiles: list, show, kill");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Kill(context));
        return command;
    }

    /// <summary>The query string of a listing from the filters given (each escaped); empty when none.</summary>
    internal static string Query(string? app, string? database, string? protocol, string? state, int limit, string? after, string? tier = null)
    {
        var parts = new List<string>();
        Add("app", app);
        Add("database", database);
        Add("protocol", protocol);
        Add("state", state);
        Add("tier", tier);
        Add("after", after);
        parts.Add($"limit={limit.ToString(CultureInfo.InvariantCulture)}");
        return string.Join('&', parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }

    private static Command List(CliContext context)
    {
        var app = new Option<string>("--app") { Description = "Only this app's sessions" };
        var database = new Option<string>("--database") { Description = "Only sessions on this database (its name, or app/database)" };
        var protocol = new Option<string>("--protocol") { Description = "Only pgwire or only http sessions" };
        var state = new Option<string>("--state") { Description = "Only open or only closed sessions" };
        var tier = new Option<string>("--tier") { Description = "Only sessions of this tier now: High, Medium, Low or Background" };
        var limit = new Option<int>("--limit") { Description = "At most N sessions (1 to 1000, default 100)", DefaultValueFactory = _ => 100 };
        var after = new Option<string>("--after") { Description = "The page after this session id (the 'next' of the previous page)" };
        var command = new Command("list", "List sessions in id order: protocol, app, database, client, state, tier, statements, rate, p99") { app, database, protocol, state, tier, limit, after };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var appName = parseResult.GetValue(app);
            var databaseName = parseResult.GetValue(database);
            if (databaseName is not null && databaseName.Contains('/', StringComparison.Ordinal))
            {
                var target = DatabaseTarget.Parse(databaseName, appName);
                (appName, databaseName) = (target.App, target.Database);
            }

            var count = parseResult.GetValue(limit);
            if (count is < 1 or > 1000)
            {
                throw new CliException($"--limit must be 1 to 1000; it is {count}.", ExitCodes.Usage);
            }

            var page = await context.Api.GetAsync(
                $"v1/admin/sessions?{Query(appName, databaseName, parseResult.GetValue(protocol), parseResult.GetValue(state), count, parseResult.GetValue(after), parseResult.GetValue(tier))}",
                ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(page, console =>
            {
                var sessions = page.GetProperty("sessions").EnumerateArray().ToList();
                console.Write(Renderers.Objects(
                    sessions,
                    ("id", s => JsonText.Member(s, "id")),
                    ("protocol", s => JsonText.Member(s, "protocol")),
                    ("database", s => $"{JsonText.Member(s, "app")}/{JsonText.Member(s, "database")}"),
                    ("client", s => $"{JsonText.Member(s, "client_address")}:{JsonText.Member(s, "client_port")}"),
                    ("application", s => JsonText.Member(s, "application_name")),
                    ("privilege", s => JsonText.Member(s, "privilege")),
                    ("state", s => JsonText.Member(s, "state")),
                    ("tier", s => Tier(s)),
                    ("statements", s => JsonText.Member(s.GetProperty("load"), "statements")),
                    ("per s", s => Number(s.GetProperty("load"), "rate_per_second")),
                    ("p99 ms", s => Number(s.GetProperty("load"), "p99_ms"))));
                console.WriteLine(sessions.Count == 1 ? "(1 session)" : $"({sessions.Count} sessions)");
                if (page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String)
                {
                    console.WriteLine($"More: dyndb sessions list --after {next.GetString()}");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("show", "Show one session's connection profile: who, from where, settings, query load") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var session = await context.Api.GetAsync($"v1/admin/sessions/{Uri.EscapeDataString(parseResult.GetValue(id)!)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(session, console =>
            {
                console.Write(Renderers.Entry(session));
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Kill(CliContext context)
    {
        var id = IdArgument();
        var command = new Command("kill", "Kill a session: the silo holding it closes the connection (an open transaction is rolled back)") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var sessionId = parseResult.GetValue(id)!;
            var result = await context.Api.DeleteAsync($"v1/admin/sessions/{Uri.EscapeDataString(sessionId)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            context.Emit(result, console => console.WriteLine($"Killed session {sessionId}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The session id (pg-... or http-..., as listed)" };

    /// <summary>The tier and its source, e.g. <c>High (rule 0)</c>, <c>Low (model 0.82)</c>; <c>-</c> before the first classification.</summary>
    internal static string Tier(JsonElement session)
    {
        if (!session.TryGetProperty("tier", out var tier) || tier.ValueKind != JsonValueKind.String)
        {
            return "-";
        }

        var source = session.TryGetProperty("tier_source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return source switch
        {
            "rule" when session.TryGetProperty("tier_rule", out var rule) && rule.ValueKind == JsonValueKind.Number => $"{tier.GetString()} (rule {rule.GetInt32()})",
            "model" => $"{tier.GetString()} (model {Number(session, "tier_confidence")})",
            _ => $"{tier.GetString()} ({source ?? "default"})",
        };
    }

    private static string Number(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture)
            : "-";
}
