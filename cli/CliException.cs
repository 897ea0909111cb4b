namespace Orleans.DynamicDb.Cli;

/// <summary>A failure the CLI reports in words (no stack trace) and ends with <see cref="ExitCode"/>.</summary>
public class CliException : Exception
{
    /// <summary>Creates a failure with its message and exit code.</summary>
    public CliException(string message, int exitCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }
}
