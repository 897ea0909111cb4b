namespace Orleans.DynamicDb.Cli.Http;

/// <summary>
/// An RFC 9457 problem answered by the silo: <see cref="Code"/> is its stable error code (the problem's <c>type</c>,
/// e.g. <c>sql.syntax</c>), <see cref="Title"/> and <see cref="Detail"/> are printed to the user.
/// </summary>
public sealed class CliProblemException : CliException
{
    /// <summary>Creates the exception for a problem answer.</summary>
    public CliProblemException(int status, string code, string title, string detail, string? body = null)
        : base(string.IsNullOrEmpty(detail) ? title : $"{title}: {detail}", ExitCodes.FromStatus(status))
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        Body = body;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The stable error code (<c>type</c>), or <c>about:blank</c>.</summary>
    public string Code { get; }

    /// <summary>The short summary of the problem's kind.</summary>
    public string Title { get; }

    /// <summary>What went wrong in this request.</summary>
    public string Detail { get; }

    /// <summary>The problem's JSON as answered (printed with <c>--json</c>), when there was one.</summary>
    public string? Body { get; }
}
