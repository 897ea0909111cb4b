using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The log lines of both authentication schemes.</summary>
internal static partial class AuthLog
{
    /// <summary>A credential was refused; <paramref name="reason"/> never repeats the credential.</summary>
    public static void Refused(ILogger logger, HttpRequest request, string reason) =>
        LogAuthenticationFailed(logger, request.Method, request.Path, reason);

    [LoggerMessage(EventId = SiloEventIds.AuthenticationFailed, Level = LogLevel.Debug, Message = "{Method} {Path}: credential refused: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string method, string path, string reason);
}
