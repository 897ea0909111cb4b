using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// Follows a running switch by polling its history record (<c>GET /v1/admin/switches/{id}</c>) until it ends: on a
/// terminal a Spectre.Console live table with one row per phase, otherwise one line per phase entered (nothing with
/// <c>--json</c>). Ctrl-C stops following, never the switch.
/// </summary>
public static class SwitchWatch
{
    /// <summary>How often the record is read when not told. Default: 250 ms.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls switch <paramref name="id"/> until it is final and answers its last record.</summary>
    public static async Task<JsonElement> FollowAsync(CliContext context, string id, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Environment.OutputIsTerminal && !context.Json)
            {
                var display = new PhaseTable();
                JsonElement last = default;
                await context.Console.Live(display.Render()).AutoClear(false).StartAsync(async live =>
                {
                    last = await PollAsync(
                        context,
                        id,
                        interval,
                        (phase, _) => display.Enter(phase),
                        cancellationToken,
                        record =>
                        {
                            display.Copied(record);
                            live.UpdateTarget(display.Render());
                        }).ConfigureAwait(false);
                    display.End(SwitchOutcome.State(last));
                    display.Copied(last);
                    live.UpdateTarget(display.Render());
                }).ConfigureAwait(false);
                return last;
            }

            var clock = Stopwatch.StartNew();
            var printed = -1;
            var copyShown = false;
            return await PollAsync(
                context,
                id,
                interval,
                (phase, record) =>
                {
                    var index = SwitchPhaseNames.IndexOf(phase);

                    // A switch that completed between two polls ends at 'done': the phases up to post-validation passed.
                    var completedUpTo = phase == "done" && SwitchOutcome.State(record) == "completed" ? SwitchPhaseNames.IndexOf("post_validating") + 1 : -1;
                    if (context.Json || (index < 0 && completedUpTo < 0))
                    {
                        return;
                    }

                    var at = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                    var copying = SwitchPhaseNames.IndexOf("copying");
                    void CopyLine()
                    {
                        // The copy ended: what it copied (rows, and bytes while the switch runs).
                        if (!copyShown && CopyProgress(record) is { } copied)
                        {
                            context.Output.WriteLine($"           copied {copied}");
                            copyShown = true;
                        }
                    }

                    if (printed == copying)
                    {
                        CopyLine();
                    }

                    var upTo = index >= 0 ? index : completedUpTo;
                    for (var skipped = printed + 1; skipped < upTo && skipped < SwitchPhaseNames.IndexOf("switching_back"); skipped++)
                    {
                        // A phase shorter than the poll interval was passed between two reads: shown, marked as such.
                        var name = SwitchPhaseNames.All[skipped].Phase;
                        context.Output.WriteLine($"[{at,6} s] {name}: {SwitchPhaseNames.Label(name)} (passed between polls)");
                        if (skipped == copying)
                        {
                            CopyLine();
                        }
                    }

                    if (index >= 0)
                    {
                        context.Output.WriteLine($"[{at,6} s] {phase}: {SwitchPhaseNames.Label(phase)}");
                    }

                    context.Output.Flush();
                    printed = index >= 0 ? index : upTo - 1;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"Stopped following switch {id}; the switch goes on (dyndb switches show {id}).").ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the record until it is final; <paramref name="entered"/> sees each new phase, <paramref name="polled"/> every record.</summary>
    private static async Task<JsonElement> PollAsync(
        CliContext context, string id, TimeSpan interval, Action<string, JsonElement> entered, CancellationToken cancellationToken, Action<JsonElement>? polled = null)
    {
        string? shown = null;
        while (true)
        {
            var record = await context.Api.GetAsync($"v1/admin/switches/{Uri.EscapeDataString(id)}", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var phase = JsonText.Member(record, "phase");
            if (!string.Equals(phase, shown, StringComparison.Ordinal))
            {
                entered(phase, record);
                shown = phase;
            }

            polled?.Invoke(record);

            if (SwitchOutcome.IsFinal(record))
            {
                return record;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>"N rows, X MB" from a record's <c>rows_copied</c> and <c>bytes_copied</c>; null before anything was copied.</summary>
    public static string? CopyProgress(JsonElement record)
    {
        if (!record.TryGetProperty("rows_copied", out var rows) || rows.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        var text = rows.GetInt64() == 1 ? "1 row" : $"{rows.GetInt64().ToString(CultureInfo.InvariantCulture)} rows";
        return record.TryGetProperty("bytes_copied", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? $"{text}, {Size(bytes.GetInt64())}" : text;
    }

    /// <summary>A byte count for people (B, KB, MB, GB; 1 KB = 1024 B).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KB",
        < 1024L * 1024 * 1024 => $"{(bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)} MB",
        _ => $"{(bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture)} GB",
    };

    /// <summary>The live table: one row per phase with its state and when it was entered.</summary>
    private sealed class PhaseTable
    {
        private static readonly int SwitchingBack = SwitchPhaseNames.IndexOf("switching_back");
        private static readonly int PostValidating = SwitchPhaseNames.IndexOf("post_validating");
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly string[] _states = [.. SwitchPhaseNames.All.Select(_ => "")];
        private readonly TimeSpan?[] _entered = new TimeSpan?[SwitchPhaseNames.All.Count];
        private int _current = -1;
        private string _copied = "";

        /// <summary>Takes the copy's progress (rows, bytes) from a polled record once the copy began.</summary>
        public void Copied(JsonElement record)
        {
            if (_current >= SwitchPhaseNames.IndexOf("copying") && CopyProgress(record) is { } copied)
            {
                _copied = copied;
            }
        }

        public void Enter(string phase)
        {
            var index = SwitchPhaseNames.IndexOf(phase);
            if (index < 0)
            {
                return;
            }

            for (var i = 0; i < index; i++)
            {
                // Phases passed between two polls are shown done; switching back only when it happens.
                if (i != SwitchingBack || _states[i].Length > 0)
                {
                    _states[i] = "done";
                }
            }

            _states[index] = "running";
            _entered[index] ??= _clock.Elapsed;
            _current = index;
        }

        public void End(string state)
        {
            var last = state == "completed" ? Math.Max(PostValidating, _current == SwitchingBack ? -1 : _current) : _current;
            for (var i = 0; i <= last; i++)
            {
                if (i != SwitchingBack || _states[i].Length > 0)
                {
                    _states[i] = "done";
                }
            }

            if (state != "completed" && _current >= 0)
            {
                _states[_current] = state;
            }
        }

        public Table Render()
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("phase", "state", "entered", "progress");
            for (var i = 0; i < SwitchPhaseNames.All.Count; i++)
            {
                if (i == SwitchingBack && _states[i].Length == 0)
                {
                    continue;
                }

                var state = _states[i] switch
                {
                    "done" => "[green]done[/]",
                    "running" => "[yellow]running…[/]",
                    "" => "[dim]waiting[/]",
                    var other => $"[red]{Markup.Escape(other)}[/]",
                };
                var at = _entered[i] is { } t ? $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "";
                var progress = SwitchPhaseNames.All[i].Phase == "copying" ? _copied : "";
                table.AddRow(new Text(SwitchPhaseNames.All[i].Label), new Markup(state), new Text(at), new Text(progress));
            }

            return table;
        }
    }
}
