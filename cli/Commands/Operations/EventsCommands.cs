using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb events tail</c>: follows the engines' event stream (<c>GET /v1/engines/events</c>, by its cursor) and the
/// switch history's changes (<c>GET /v1/admin/switches</c>, by its cursor) until Ctrl-C, which ends it with exit 0.
/// With <c>--json</c> each event is one JSON object per line: the silo's object with <c>"kind":"engine"</c> or
/// <c>"kind":"switch"</c> first.
/// </summary>
public static class EventsCommands
{
    /// <summary>Events asked for per request (the silo's largest page).</summary>
    public const int PageSize = 1000;

    /// <summary>The <c>events</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("events", "Engine and switch events");
        command.Subcommands.Add(Tail(context));
        return command;
    }

    private static Command Tail(CliContext context)
    {
        var since = new Option<string>("--since") { Description = "Where to start: now (default), 0 (all kept events), a cursor, a duration (10m, 2h) or a time (2026-12-05T10:00:00Z)" };
        var engines = new Option<string[]>("--engine") { Description = "Only events of this engine (repeat); a switch counts when it leaves or enters it" };
        var noSwitches = new Option<bool>("--no-switches") { Description = "Only engine events, not the switch history's changes" };
        var interval = new Option<int>("--interval") { Description = "Milliseconds between two polls when nothing is new (default 1000, 50–60000)", DefaultValueFactory = _ => 1000 };
        var command = new Command("tail", "Follow engine and switch events until Ctrl-C") { since, engines, noSwitches, interval };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var start = EventsSince.Parse(parseResult.GetValue(since), DateTimeOffset.UtcNow);
            var only = parseResult.GetValue(engines) is { Length: > 0 } e ? new HashSet<string>(e, StringComparer.Ordinal) : null;
            var pause = parseResult.GetValue(interval) is var ms and >= 50 and <= 60_000
                ? TimeSpan.FromMilliseconds(ms)
                : throw new CliException($"--interval must be 50 to 60000 milliseconds; it is {parseResult.GetValue(interval)}.", ExitCodes.Usage);
            var follow = new Follower(context, only, start.NotBefore, !parseResult.GetValue(noSwitches));
            try
            {
                await follow.StartAsync(start.Cursor, cancellationToken).ConfigureAwait(false);
                if (!context.Json)
                {
                    await context.Error.WriteLineAsync($"Following events {(start.Cursor is null ? "from now" : $"since {parseResult.GetValue(since)}")} (Ctrl-C to stop).").ConfigureAwait(false);
                    await context.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                while (true)
                {
                    if (!await follow.PollAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C is how a tail ends.
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>The two cursors and what is printed.</summary>
    private sealed class Follower(CliContext context, HashSet<string>? engines, DateTimeOffset? notBefore, bool switches)
    {
        private string _engineCursor = "0";
        private string _switchCursor = "0";

        /// <summary>Places the cursors: at <paramref name="cursor"/> (engines; switches from the start), or at the end for null.</summary>
        public async Task StartAsync(string? cursor, CancellationToken cancellationToken)
        {
            if (cursor is not null)
            {
                _engineCursor = cursor;
                return;
            }

            while (await EnginePageAsync(print: false, cancellationToken).ConfigureAwait(false))
            {
            }

            while (switches && await SwitchPageAsync(print: false, cancellationToken).ConfigureAwait(false))
            {
            }
        }

        /// <summary>Prints what is new; true when a page was full (more may be waiting).</summary>
        public async Task<bool> PollAsync(CancellationToken cancellationToken)
        {
            var more = await EnginePageAsync(print: true, cancellationToken).ConfigureAwait(false);
            if (switches)
            {
                more |= await SwitchPageAsync(print: true, cancellationToken).ConfigureAwait(false);
            }

            return more;
        }

        private async Task<bool> EnginePageAsync(bool print, CancellationToken cancellationToken)
        {
            var page = await context.Api.GetAsync($"v1/engines/events?since={Uri.EscapeDataString(_engineCursor)}&limit={PageSize}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var events = page.GetProperty("events");
            foreach (var e in events.EnumerateArray())
            {
                if (print && (engines is null || engines.Contains(JsonText.Member(e, "engine"))) && Recent(e, "at"))
                {
                    Print("engine", e, $"engine {JsonText.Member(e, "engine")} {JsonText.Member(e, "type")} {JsonText.Member(e, "from")} → {JsonText.Member(e, "to")}: {JsonText.Member(e, "reason")}", Time(e, "at"));
                }
            }

            _engineCursor = JsonText.Member(page, "next");
            return events.GetArrayLength() == PageSize;
        }

        private async Task<bool> SwitchPageAsync(bool print, CancellationToken cancellationToken)
        {
            var page = await context.Api.GetAsync($"v1/admin/switches?since={Uri.EscapeDataString(_switchCursor)}&limit={PageSize}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var records = page.GetProperty("switches");
            foreach (var r in records.EnumerateArray())
            {
                var at = Changed(r);
                if (print && (engines is null || engines.Contains(JsonText.Member(r, "source")) || engines.Contains(JsonText.Member(r, "target")))
                    && (notBefore is null || at is null || at >= notBefore))
                {
                    var error = JsonText.Member(r, "error") is var text && text != "-" ? $": {text}" : "";
                    Print(
                        "switch",
                        r,
                        $"switch {JsonText.Member(r, "id")} {JsonText.Member(r, "app")}/{JsonText.Member(r, "database")} {JsonText.Member(r, "source")} → {JsonText.Member(r, "target")} {JsonText.Member(r, "state")} ({JsonText.Member(r, "phase")}){error}",
                        at);
                }
            }

            _switchCursor = JsonText.Member(page, "next");
            return records.GetArrayLength() == PageSize;
        }

        private void Print(string kind, JsonElement item, string line, DateTimeOffset? at)
        {
            if (context.Json)
            {
                // The silo's object as it wrote it, with the kind first.
                var raw = item.GetRawText().TrimStart();
                context.Output.WriteLine($"{{\"kind\":\"{kind}\"{(raw.Length > 2 ? "," : "")}{raw[1..]}");
            }
            else
            {
                var when = at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
                context.Output.WriteLine($"{when} {line}");
            }

            context.Output.Flush();
        }

        private bool Recent(JsonElement item, string name) => notBefore is null || Time(item, name) is not { } at || at >= notBefore;

        private static DateTimeOffset? Changed(JsonElement record) => Time(record, "ended_at") ?? Time(record, "started_at") ?? Time(record, "created_at");

        private static DateTimeOffset? Time(JsonElement item, string name) =>
            item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) ? at : null;
    }
}
