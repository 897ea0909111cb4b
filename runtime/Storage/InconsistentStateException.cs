namespace Orleans.DynamicDb.Runtime;

/// <summary>The stored record's etag is not the one the grain last read: someone else wrote it in between.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>The etag found in storage (null when no record exists).</summary>
    public string? StoredEtag { get; }

    /// <summary>The etag the grain held.</summary>
    public string? CurrentEtag { get; }
}
