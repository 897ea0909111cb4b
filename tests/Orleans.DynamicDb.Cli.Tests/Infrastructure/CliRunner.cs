using System.Collections.Immutable;

namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>dyndb</c> in-process (<see cref="DyndbApp.RunAsync"/>) with captured stdout and stderr, its own environment
/// variables (nothing is inherited from the test process) and a profile file in a temporary folder of its own, deleted
/// on dispose.
/// </summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _home;
    private ImmutableDictionary<string, string> _variables;

    public CliRunner()
    {
        _home = Path.Combine(Path.GetTempPath(), "dyndb-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_home);
        _variables = ImmutableDictionary<string, string>.Empty.Add("HOME", _home);
    }

    /// <summary>The temporary home folder (the default profile is <c>.config/dyndb/profile.json</c> under it).</summary>
    public string Home => _home;

    /// <summary>The default profile file's path for this runner.</summary>
    public string DefaultProfilePath => Path.Combine(_home, ".config", "dyndb", "profile.json");

    /// <summary>Sets an environment variable for the following runs (an empty value unsets it).</summary>
    public CliRunner WithVariable(string name, string value)
    {
        _variables = _variables.SetItem(name, value);
        return this;
    }

    /// <summary>Removes an environment variable for the following runs.</summary>
    public CliRunner WithoutVariable(string name)
    {
        _variables = _variables.Remove(name);
        return this;
    }

    /// <summary>Runs the command line with empty standard input.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs the command line with <paramref name="input"/> as standard input (redirected, not a terminal).</summary>
    public Task<CliResult> RunWithInputAsync(string input, params string[] args) => RunAsync(input, CancellationToken.None, args);

    /// <summary>Runs the command line; cancelling <paramref name="ctrlC"/> is pressing Ctrl-C.</summary>
    public async Task<CliResult> RunAsync(string input, CancellationToken ctrlC, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctrlC);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var environment = new CliEnvironment(stdin, stdout, stderr, _variables, timeout.Token);
        var exitCode = await DyndbApp.RunAsync(args, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Runs the command line as if typed at a terminal: standard input is a terminal whose key presses are
    /// <paramref name="keys"/> (then Ctrl-D, the end of input).
    /// </summary>
    public async Task<CliResult> RunWithKeysAsync(IEnumerable<ConsoleKeyInfo> keys, params string[] args)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var environment = new CliEnvironment(TextReader.Null, stdout, stderr, _variables, timeout.Token)
        {
            InputIsTerminal = true,
            ReadKey = () => queue.Count > 0 ? queue.Dequeue() : Keys.Control(ConsoleKey.D),
        };
        var exitCode = await DyndbApp.RunAsync(args, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary folder is cleaned by the OS.
        }
    }
}
