namespace Orleans.DynamicDb.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI did: its exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
