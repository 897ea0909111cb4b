using System.CommandLine;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// <c>dyndb switch &lt;app/database&gt; --to &lt;engine&gt;</c>: moves a database to another engine while it keeps serving
/// (docs/switching.md), showing each phase live and the measured write pause at the end. Exit 0 when it completed (or
/// waits for approval), 5 with the reason when it was refused, failed or rolled back; <c>--no-wait</c> prints the id.
/// </summary>
public static class SwitchCommand
{
    /// <summary>The <c>switch</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var database = new Argument<string>("database") { Description = "The database: app/database, or database with --app" };
        var app = AppOption();
        var to = new Option<string>("--to") { Description = "The target engine's id", Required = true };
        var mode = new Option<string>("--mode") { Description = "The switch mode (graceful: writes wait only for the cut-over)", DefaultValueFactory = _ => "graceful" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds the switch may take to reach the cut-over (silo default 30)" };
        var validate = new Option<bool?>("--validate") { Description = "Check the target is Healthy first (true|false, silo default true)" };
        var rollback = new Option<bool?>("--rollback") { Description = "Switch back when post-validation fails (true|false, silo default true)" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the switch id and return at once" };
        var interval = PollIntervalOption();
        var command = new Command("switch", "Move a database to another engine while it keeps serving, showing each phase")
        {
            database, app, to, mode, timeout, validate, rollback, noWait, interval,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = DatabaseTarget.Parse(parseResult.GetValue(database)!, parseResult.GetValue(app));
            var pollInterval = PollInterval(parseResult.GetValue(interval));
            var body = new JsonObject { ["target_engine"] = parseResult.GetValue(to), ["switch_mode"] = parseResult.GetValue(mode) };
            if (parseResult.GetValue(timeout) is { } seconds)
            {
                body["timeout_seconds"] = seconds;
            }

            if (parseResult.GetValue(validate) is { } check)
            {
                body["validate_target"] = check;
            }

            if (parseResult.GetValue(rollback) is { } back)
            {
                body["rollback_on_failure"] = back;
            }

            var started = await context.Api.PostAsync($"v1/admin/databases/{target.Path}/switch?wait=false", body, ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
            var id = JsonText.Member(started, "id");
            if (SwitchOutcome.IsFinal(started) || SwitchOutcome.State(started) == SwitchOutcome.Pending)
            {
                SwitchOutcome.Report(context, started);
                return SwitchOutcome.ExitCode(started);
            }

            if (parseResult.GetValue(noWait))
            {
                // The id alone, so a script can follow it: dyndb switches show <id>.
                if (context.Json)
                {
                    context.WriteJson(started);
                }
                else
                {
                    context.Output.WriteLine(id);
                }

                return ExitCodes.Ok;
            }

            if (!context.Json)
            {
                context.Output.WriteLine($"Switch {id}: {target} to engine '{parseResult.GetValue(to)}'");
            }

            var record = await SwitchWatch.FollowAsync(context, id, pollInterval, cancellationToken).ConfigureAwait(false);
            SwitchOutcome.Report(context, record);
            return SwitchOutcome.ExitCode(record);
        });
        return command;
    }

    /// <summary>The <c>--app</c> option of commands that name a database.</summary>
    internal static Option<string> AppOption() => new("--app") { Description = "The database's app (or write app/database)" };

    /// <summary>The <c>--poll-interval</c> option (milliseconds).</summary>
    internal static Option<int> PollIntervalOption() => new("--poll-interval")
    {
        Description = "Milliseconds between two reads of the switch record (default 250, 50–60000)",
        DefaultValueFactory = _ => (int)SwitchWatch.DefaultInterval.TotalMilliseconds,
    };

    /// <summary>Checks a <c>--poll-interval</c> value.</summary>
    internal static TimeSpan PollInterval(int milliseconds) => milliseconds is >= 50 and <= 60_000
        ? TimeSpan.FromMilliseconds(milliseconds)
        : throw new CliException($"--poll-interval must be 50 to 60000 milliseconds; it is {milliseconds}.", ExitCodes.Usage);
}
