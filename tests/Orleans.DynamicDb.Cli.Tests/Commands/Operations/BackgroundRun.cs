using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>
/// A run of <c>dyndb</c> in the background (a tail) whose output can be read while it runs and which is stopped like
/// Ctrl-C, by cancelling its environment's token.
/// </summary>
internal sealed class BackgroundRun : IAsyncDisposable
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly TextWriter _syncStdout;
    private readonly TextWriter _syncStderr;
    private readonly CancellationTokenSource _ctrlC = new();
    private readonly Task<int> _run;

    public BackgroundRun(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        _syncStdout = TextWriter.Synchronized(_stdout);
        _syncStderr = TextWriter.Synchronized(_stderr);
        var environment = new CliEnvironment(TextReader.Null, _syncStdout, _syncStderr, variables, _ctrlC.Token);
        _run = Task.Run(() => DyndbApp.RunAsync(args, environment));
    }

    /// <summary>Standard output so far.</summary>
    public string Stdout
    {
        get
        {
            // TextWriter.Synchronized locks the wrapper for each write; reading under the same lock sees whole writes.
            lock (_syncStdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_syncStderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Whether the run ended on its own.</summary>
    public bool Ended => _run.IsCompleted;

    /// <summary>Presses Ctrl-C and answers what the run ended with.</summary>
    public async Task<CliResult> StopAsync()
    {
        await _ctrlC.CancelAsync();
        var exit = await TestInfrastructure.Eventually.Within(_run, "the run ends after Ctrl-C", TimeSpan.FromSeconds(30));
        return new CliResult(exit, Stdout, Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _ctrlC.Dispose();
    }
}
