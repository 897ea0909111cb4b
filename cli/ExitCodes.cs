namespace Orleans.DynamicDb.Cli;

/// <summary>
/// The process exit codes of <c>dyndb</c> (docs/cli.md). Scripts may branch on them; they never change meaning.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Any other failure (a server error, an engine that is unavailable, a result cut short).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input: unknown command, missing argument, an answer 400 (bad name, bad SQL...).</summary>
    public const int Usage = 2;

    /// <summary>Not found: the database, engine or switch does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>Authentication or authorisation: no key, a refused key (401) or the wrong kind of key (403).</summary>
    public const int Auth = 4;

    /// <summary>Conflict or refused: the silo refused the request in its current state (409).</summary>
    public const int Conflict = 5;

    /// <summary>The silo could not be reached (connection refused, unknown host, TLS failure).</summary>
    public const int Unreachable = 6;

    /// <summary>Timeout: the silo did not answer in time, or answered 504/408.</summary>
    public const int Timeout = 7;

    /// <summary>Cancelled with Ctrl-C (128 + SIGINT).</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for an HTTP error status.</summary>
    public static int FromStatus(int status) => status switch
    {
        400 or 405 or 413 or 415 or 422 => Usage,
        401 or 403 => Auth,
        404 => NotFound,
        409 => Conflict,
        408 or 504 => Timeout,
        _ => Failure,
    };
}
