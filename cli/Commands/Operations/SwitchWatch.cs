using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// Follows a running switch by polling its history record (<c>GET /v1/admin/switches/{id}</c>) until it ends: on a
/// terminal a Spectre.Console progress display with one line per phase, otherwise one line per phase entered (nothing
/// with <c>--json</c>). Ctrl-C stops following, never the switch.
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
                JsonElement last = default;
                await context.Console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var display = new PhaseDisplay(progress);
                        last = await PollAsync(context, id, interval, display.Enter, cancellationToken).ConfigureAwait(false);
                        display.End(last);
                    }).ConfigureAwait(false);
                return last;
            }

            var clock = Stopwatch.StartNew();
            var printed = -1;
            return await PollAsync(
                context,
                id,
                interval,
                (phase, _) =>
                {
                    var index = SwitchPhaseNames.IndexOf(phase);
                    if (context.Json || index < 0)
                    {
                        return;
                    }

                    var at = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
                    for (var skipped = printed + 1; skipped < index && skipped < SwitchPhaseNames.IndexOf("switching_back"); skipped++)
                    {
                        // A phase shorter than the poll interval was passed between two reads: shown, marked as such.
                        var name = SwitchPhaseNames.All[skipped].Phase;
                        context.Output.WriteLine($"[{at,6} s] {name}: {SwitchPhaseNames.Label(name)} (passed between polls)");
                    }

                    context.Output.WriteLine($"[{at,6} s] {phase}: {SwitchPhaseNames.Label(phase)}");
                    context.Output.Flush();
                    printed = index;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"Stopped following switch {id}; the switch goes on (dyndb switches show {id}).").ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<JsonElement> PollAsync(CliContext context, string id, TimeSpan interval, Action<string, JsonElement> entered, CancellationToken cancellationToken)
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

            if (SwitchOutcome.IsFinal(record))
            {
                return record;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One progress task per phase: started when entered, completed when a later one is entered.</summary>
    private sealed class PhaseDisplay(ProgressContext progress)
    {
        private readonly Dictionary<int, ProgressTask> _tasks = [];
        private int _current = -1;

        public void Enter(string phase, JsonElement record)
        {
            var index = SwitchPhaseNames.IndexOf(phase);
            if (index < 0)
            {
                return;
            }

            for (var i = 0; i < index; i++)
            {
                // Phases passed between two polls are shown as done; switching back is shown only when it happens.
                if (i != SwitchPhaseNames.IndexOf("switching_back") || _tasks.ContainsKey(i))
                {
                    Complete(i);
                }
            }

            Task(index).StartTask();
            _current = index;
            progress.Refresh();
        }

        public void End(JsonElement record)
        {
            var state = SwitchOutcome.State(record);
            var last = state == "completed" ? SwitchPhaseNames.IndexOf("post_validating") : _current;
            for (var i = 0; i <= last; i++)
            {
                if (i == last && state != "completed")
                {
                    var task = Task(i);
                    task.Description = $"[red]{Markup.Escape(SwitchPhaseNames.All[i].Label)} ({Markup.Escape(state)})[/]";
                    task.StopTask();
                }
                else if (i != SwitchPhaseNames.IndexOf("switching_back") || _tasks.ContainsKey(i))
                {
                    Complete(i);
                }
            }

            progress.Refresh();
        }

        private void Complete(int index)
        {
            var task = Task(index);
            task.Value = task.MaxValue;
            task.StopTask();
        }

        private ProgressTask Task(int index)
        {
            if (!_tasks.TryGetValue(index, out var task))
            {
                task = progress.AddTask(Markup.Escape(SwitchPhaseNames.All[index].Label), autoStart: false);
                task.IsIndeterminate = true;
                _tasks[index] = task;
            }

            return task;
        }
    }
}
