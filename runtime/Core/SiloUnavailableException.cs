namespace Orleans.DynamicDb.Runtime;

/// <summary>The silo that would serve the call is shutting down or gone; the call may be retried elsewhere.</summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
        : this("The silo is unavailable.")
    {
    }

    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
