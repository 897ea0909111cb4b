namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>A tool was called with a missing, mistyped or invalid argument; the message names the argument and the value.</summary>
public sealed class ToolArgumentException(string argument, string message) : Exception(message)
{
    /// <summary>The argument at fault.</summary>
    public string Argument { get; } = argument;
}
