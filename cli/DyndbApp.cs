using System.CommandLine;
using Orleans.DynamicDb.Cli.Commands;

namespace Orleans.DynamicDb.Cli;

/// <summary>
/// The <c>dyndb</c> command line: builds the root command (one line per command group), parses, runs, and turns
/// failures into a message and an exit code (<see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static class DyndbApp
{
    /// <summary>Builds the root command with every command group.</summary>
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("dyndb: databases on demand, from the command line (Orleans.DynamicDb).");
        root.Options.Add(context.JsonOption);
        root.Options.Add(context.VerboseOption);
        root.Options.Add(context.TimeoutOption);

        // One line per command group: cli/Commands/<Group>Commands.cs has 'public static Command Create(CliContext context)';
        // its actions call context.Api (throwing CliException / CliProblemException on failure, mapped to ExitCodes here),
        // print with context.Emit(json, console => ...) so --json prints the silo's answer, and return ExitCodes.Ok.
        root.Subcommands.Add(LoginCommands.Create(context));
        root.Subcommands.Add(LoginCommands.CreateLogout(context));
        root.Subcommands.Add(LoginCommands.CreateWhoami(context));
        root.Subcommands.Add(DatabasesCommands.Create(context));
        root.Subcommands.Add(ShellCommand.Create(context));
        root.Subcommands.Add(EnginesCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.SwitchCommand.Create(context));
        root.Subcommands.Add(Commands.Operations.SwitchesCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.PoliciesCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.EventsCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.AuditCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.SessionsCommands.Create(context));
        root.Subcommands.Add(Commands.Operations.TiersCommand.Create(context));
        root.Subcommands.Add(Mcp.McpCommand.Create(context));
        return root;
    }

    /// <summary>Runs the command line <paramref name="args"/> in <paramref name="environment"/> and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        using var context = new CliContext(environment);
        var root = Build(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await environment.Error.WriteLineAsync($"Error: {error.Message}").ConfigureAwait(false);
            }

            var command = string.Join(' ', ["dyndb", .. CommandPath(parseResult)]);
            await environment.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        context.Bind(parseResult);
        var configuration = new InvocationConfiguration
        {
            Output = environment.Output,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parseResult.InvokeAsync(configuration, environment.Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (environment.Cancellation.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (CliException failure)
        {
            ErrorReport.Write(context, failure);
            return failure.ExitCode;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await environment.Error.WriteLineAsync($"Error: unexpected failure ({e.GetType().Name}): {e.Message}").ConfigureAwait(false);
            if (context.Verbose)
            {
                await environment.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
