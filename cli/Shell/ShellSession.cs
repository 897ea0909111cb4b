using System.Text.Json;
using Orleans.DynamicDb.Cli.Commands;
using Orleans.DynamicDb.Cli.Http;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Shell;

/// <summary>
/// One <c>dyndb shell &lt;database&gt;</c>: reads lines (edited with history on a terminal, plain lines when input is
/// redirected), runs each statement as it is completed by <c>;</c> (rows as tables), and the built-ins <c>\q</c>,
/// <c>\dt</c>, <c>\d table</c>, <c>\l</c>, <c>\?</c>. A failing statement prints its problem and the shell goes on;
/// with redirected input the exit code is that of the first failure.
/// </summary>
public sealed class ShellSession(CliContext context, string database)
{
    /// <summary>The history file's name, next to the profile file.</summary>
    public const string HistoryFileName = "shell_history";

    private readonly StatementBuffer _buffer = new();
    private int? _firstFailure;

    /// <summary>The history file: <c>shell_history</c> in the profile file's folder.</summary>
    public string HistoryPath => Path.Combine(Path.GetDirectoryName(context.Profiles.Path)!, HistoryFileName);

    /// <summary>Runs until <c>\q</c> or the end of input and returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var environment = context.Environment;
        var interactive = environment.InputIsTerminal && environment.ReadKey is not null;
        LineEditor? editor = null;
        ShellHistory? history = null;
        if (interactive)
        {
            history = new ShellHistory(HistoryPath);
            editor = new LineEditor(environment.ReadKey!, context.Output, history);
            context.Console.MarkupLine(
                $"dyndb shell: database [bold]{Markup.Escape(database)}[/] at {Markup.Escape(context.Api.BaseAddress.ToString())}. End statements with ';'. \\? for help, \\q to quit.");
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? line;
            if (editor is not null)
            {
                var (outcome, typed) = editor.ReadLine(_buffer.IsEmpty ? $"{database}=> " : $"{database}-> ");
                if (outcome == LineEditor.Outcome.EndOfInput)
                {
                    break;
                }

                if (outcome == LineEditor.Outcome.Interrupted)
                {
                    _buffer.Clear();
                    continue;
                }

                line = typed;
                history!.Add(line.Trim());
            }
            else
            {
                line = await environment.Input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    break;
                }
            }

            if (_buffer.IsEmpty && line.TrimStart().StartsWith('\\'))
            {
                if (!await BuiltInAsync(line.Trim(), cancellationToken).ConfigureAwait(false))
                {
                    return Result(interactive);
                }

                continue;
            }

            foreach (var statement in _buffer.Add(line))
            {
                await RunStatementAsync(statement, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_buffer.TakeRest() is { } rest)
        {
            await RunStatementAsync(rest, cancellationToken).ConfigureAwait(false);
        }

        return Result(interactive);
    }

    private int Result(bool interactive) => interactive ? ExitCodes.Ok : _firstFailure ?? ExitCodes.Ok;

    private Task RunStatementAsync(string sql, CancellationToken cancellationToken) => GuardAsync(
        () => StatementKind.ReturnsRows(sql)
            ? DatabasesCommands.QueryAsync(context, database, sql, [], cancellationToken)
            : DatabasesCommands.ExecAsync(context, database, sql, [], cancellationToken));

    /// <summary>Runs a built-in; false for <c>\q</c>.</summary>
    private async Task<bool> BuiltInAsync(string line, CancellationToken cancellationToken)
    {
        var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case "\\q":
                return false;
            case "\\dt":
                await GuardAsync(() => TablesAsync(cancellationToken)).ConfigureAwait(false);
                return true;
            case "\\d" when parts.Length == 2:
                await GuardAsync(() => DatabasesCommands.SchemaAsync(context, database, parts[1].TrimEnd(';'), cancellationToken)).ConfigureAwait(false);
                return true;
            case "\\d":
                context.Error.WriteLine("Usage: \\d <table>");
                _firstFailure ??= ExitCodes.Usage;
                return true;
            case "\\l":
                await GuardAsync(async () =>
                {
                    var answer = await context.Api.GetAsync("v1/database/list", ApiCredential.App, cancellationToken).ConfigureAwait(false);
                    context.Emit(answer, console => console.WriteLine(string.Join(Environment.NewLine, answer.GetProperty("databases").EnumerateArray().Select(d => d.GetString()))));
                    return ExitCodes.Ok;
                }).ConfigureAwait(false);
                return true;
            case "\\?":
                context.Console.WriteLine("""
                    SQL statements end with ';' (they may span lines). Built-ins:
                      \dt          list the tables
                      \d <table>   describe a table
                      \l           list the app's databases
                      \q           quit (also Ctrl-D)
                    """);
                return true;
            default:
                context.Error.WriteLine($"Unknown command '{parts[0]}': \\? lists the built-ins.");
                _firstFailure ??= ExitCodes.Usage;
                return true;
        }
    }

    private async Task<int> TablesAsync(CancellationToken cancellationToken)
    {
        var answer = await context.Api.GetAsync($"v1/database/schema?database={Uri.EscapeDataString(database)}", ApiCredential.App, cancellationToken).ConfigureAwait(false);
        context.Emit(answer, console =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("table", "columns");
            foreach (var entry in answer.GetProperty("tables").EnumerateArray())
            {
                table.AddRow(
                    new Text(entry.GetProperty("name").GetString() ?? ""),
                    new Text(string.Join(", ", entry.GetProperty("columns").EnumerateArray().Select(c => c.GetString()))));
            }

            console.Write(table);
        });
        return ExitCodes.Ok;
    }

    private async Task GuardAsync(Func<Task<int>> action)
    {
        try
        {
            var exitCode = await action().ConfigureAwait(false);
            if (exitCode != ExitCodes.Ok)
            {
                _firstFailure ??= exitCode;
            }
        }
        catch (CliException failure)
        {
            ErrorReport.Write(context, failure);
            _firstFailure ??= failure.ExitCode;
        }
        catch (JsonException e)
        {
            context.Error.WriteLine($"Error: the silo's answer was not what the shell expected: {e.Message}");
            _firstFailure ??= ExitCodes.Failure;
        }
    }
}
