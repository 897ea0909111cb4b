namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>The exit code and combined output of a finished command.</summary>
internal readonly record struct CommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
