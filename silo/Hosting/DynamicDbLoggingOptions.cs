namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>How the silo writes its log. Section: <c>DynamicDb:Logging</c>; read once when the host is built.</summary>
public sealed class DynamicDbLoggingOptions
{
    public const string SectionName = "DynamicDb:Logging";

    /// <summary>
    /// True writes one JSON object per log line (for log collectors); false writes single-line text with UTC
    /// timestamps. Default: false.
    /// </summary>
    public bool Json { get; set; }
}
