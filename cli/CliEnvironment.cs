using System.Collections;

namespace Orleans.DynamicDb.Cli;

/// <summary>
/// Everything the CLI takes from its process: standard streams, environment variables, the home folder, whether the
/// streams are terminals, and the Ctrl-C signal. Tests build one with captured streams and variables of their own.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>Creates an environment from its parts.</summary>
    public CliEnvironment(
        TextReader input,
        TextWriter output,
        TextWriter error,
        IReadOnlyDictionary<string, string> variables,
        CancellationToken cancellation = default)
    {
        Input = input;
        Output = output;
        Error = error;
        Variables = variables;
        Cancellation = cancellation;
    }

    /// <summary>Standard input (SQL for <c>shell</c>).</summary>
    public TextReader Input { get; }

    /// <summary>Standard output: results, tables, JSON.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: problems and progress.</summary>
    public TextWriter Error { get; }

    /// <summary>The environment variables the CLI reads (<c>DYNDB_*</c>, <c>HOME</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Cancelled on Ctrl-C.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>True when standard input is an interactive terminal (the shell then edits lines and recalls history). Default: false.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>True when standard output is a terminal (colours and live displays). Default: false.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>
    /// Reads one key press without echo, for the shell's line editor when <see cref="InputIsTerminal"/> is true.
    /// Default: null (lines are read from <see cref="Input"/>).
    /// </summary>
    public Func<ConsoleKeyInfo>? ReadKey { get; init; }

    /// <summary>Reads a variable; empty values count as unset.</summary>
    public string? Variable(string name) =>
        Variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>The process's own console and environment; Ctrl-C cancels <see cref="Cancellation"/> instead of killing the process.</summary>
    public static CliEnvironment FromProcess()
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C cancels the running request; a second one ends the process as usual.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        return new CliEnvironment(Console.In, Console.Out, Console.Error, variables, cancellation.Token)
        {
            InputIsTerminal = !Console.IsInputRedirected,
            OutputIsTerminal = !Console.IsOutputRedirected,
            ReadKey = Console.IsInputRedirected ? null : ReadKeyWithControlC,
        };
    }

    // Ctrl-C while a line is edited is a key for the editor (abandon the line); at any other time it cancels the run.
    private static ConsoleKeyInfo ReadKeyWithControlC()
    {
        Console.TreatControlCAsInput = true;
        try
        {
            return Console.ReadKey(intercept: true);
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }
}
