using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// The end of a switch as the CLI reports it: a summary (state, engines, rows copied, the measured write pause,
/// validation) and the exit code — 0 for <c>completed</c> (and for <c>pending_approval</c>, which is no failure),
/// <see cref="ExitCodes.Conflict"/> (5) with the reason for a switch that was refused, failed, rolled back, rejected or
/// expired. Reads both the switch endpoint's answer and a history record.
/// </summary>
public static class SwitchOutcome
{
    /// <summary>States that end a switch.</summary>
    public static readonly IReadOnlySet<string> FinalStates = new HashSet<string>(StringComparer.Ordinal) { "completed", "rolled_back", "failed", "rejected", "expired" };

    /// <summary>The state waiting for an admin's decision.</summary>
    public const string Pending = "pending_approval";

    /// <summary>The switch's state (<c>state</c>).</summary>
    public static string State(JsonElement answer) => JsonText.Member(answer, "state");

    /// <summary>Whether the switch has ended.</summary>
    public static bool IsFinal(JsonElement answer) => FinalStates.Contains(State(answer));

    /// <summary>The exit code for a switch answer: 0 completed without error or pending, 5 otherwise once final, 0 while it runs.</summary>
    public static int ExitCode(JsonElement answer) => State(answer) switch
    {
        "completed" => HasError(answer) ? ExitCodes.Conflict : ExitCodes.Ok,
        var state when FinalStates.Contains(state) => ExitCodes.Conflict,
        _ => ExitCodes.Ok,
    };

    /// <summary>Prints the summary for people, and the reason of a failure on standard error (in the summary with <paramref name="quiet"/>).</summary>
    public static void Report(CliContext context, JsonElement answer, bool quiet = false)
    {
        var state = State(answer);
        if (context.Json)
        {
            context.WriteJson(answer);
        }
        else
        {
            var console = context.Console;
            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            Row(grid, "switch", JsonText.Member(answer, "id"));
            if (Member(answer, "app") is { } app)
            {
                Row(grid, "database", $"{app}/{JsonText.Member(answer, "database")}");
            }

            Row(grid, "state", state);
            Row(grid, "from", Member(answer, "source") ?? Member(answer, "old_engine") ?? "-");
            Row(grid, "to", Member(answer, "target") ?? Member(answer, "new_engine") ?? "-");
            Row(grid, "rows copied", Member(answer, "rows_copied") ?? "-");
            if (answer.TryGetProperty("bytes_copied", out var bytes) && bytes.ValueKind == JsonValueKind.Number)
            {
                Row(grid, "bytes copied", SwitchWatch.Size(bytes.GetInt64()));
            }

            Row(grid, "write pause", Member(answer, "write_pause_ms") is { } pause ? $"{Milliseconds(pause)} ms" : "-");
            Row(grid, "duration", (Member(answer, "duration_ms") ?? Member(answer, "switch_duration_ms")) is { } duration ? $"{Milliseconds(duration)} ms" : "-");
            Row(grid, "validation", Validation(answer));
            if (quiet && Member(answer, "error") is { } error)
            {
                Row(grid, "error", error);
            }

            console.Write(grid);
            if (state == Pending)
            {
                console.WriteLine($"Waiting for an admin's approval: dyndb switches approve {JsonText.Member(answer, "id")} (or reject).");
            }
        }

        if (!quiet && ExitCode(answer) != ExitCodes.Ok)
        {
            context.Error.WriteLine($"Error: the switch ended {state}: {Member(answer, "error") ?? "no reason was recorded"}");
        }
    }

    private static bool HasError(JsonElement answer) => Member(answer, "error") is not null;

    private static string? Member(JsonElement answer, string name) =>
        JsonText.Member(answer, name) is var text && text != "-" ? text : null;

    private static string Validation(JsonElement answer)
    {
        if (!answer.TryGetProperty("validation", out var validation) || validation.ValueKind != JsonValueKind.Object)
        {
            return "-";
        }

        var tables = validation.TryGetProperty("tables", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength() : 0;
        return validation.TryGetProperty("passed", out var passed) && passed.ValueKind == JsonValueKind.True
            ? $"passed ({tables} table(s): rows and checksums match)"
            : $"FAILED: {string.Join("; ", validation.TryGetProperty("mismatches", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(JsonText.Of) : [])}";
    }

    private static string Milliseconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms.ToString("0.###", CultureInfo.InvariantCulture) : text;

    private static void Row(Grid grid, string name, string value) =>
        grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Text(value));
}
