using System.CommandLine;
using Orleans.DynamicDb.Cli.Shell;

namespace Orleans.DynamicDb.Cli.Commands;

/// <summary><c>dyndb shell &lt;database&gt;</c>: an interactive SQL prompt (see <see cref="ShellSession"/>).</summary>
public static class ShellCommand
{
    /// <summary>The <c>shell</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var database = DatabasesCommands.DatabaseArgument();
        var command = new Command("shell", "An interactive SQL prompt: statements end with ';'; \\dt, \\d <table>, \\l, \\q built in") { database };
        command.SetAction((parseResult, cancellationToken) => new ShellSession(context, parseResult.GetValue(database)!).RunAsync(cancellationToken));
        return command;
    }
}
