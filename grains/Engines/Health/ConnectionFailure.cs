using System.Net.Sockets;
using Npgsql;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Health;

/// <summary>
/// Tells a statement failure that proves the engine's server unreachable — the connection was refused, reset or cut
/// off mid-answer, or the server said it is shutting down or crashed — from the other engine failures (a timeout, a
/// full pool, a refused login, too many connections), which say nothing certain about whether the server is there.
/// Such a failure makes the engine probe at once (<see cref="IEngineGrain.SuspectUnreachableAsync"/>).
/// </summary>
public static class ConnectionFailure
{
    private static readonly HashSet<SocketError> Unreachable =
    [
        SocketError.ConnectionRefused, SocketError.ConnectionReset, SocketError.ConnectionAborted, SocketError.Shutdown,
        SocketError.HostUnreachable, SocketError.NetworkUnreachable, SocketError.HostDown, SocketError.NetworkDown,
        SocketError.NotConnected,
    ];

    /// <summary>
    /// True when <paramref name="failure"/> is an <c>engine.unavailable</c> failure caused by a refused, reset or closed
    /// connection, or by PostgreSQL's shutdown and crash answers (SQLSTATE 57P01, 57P02, 57P03, class 08).
    /// </summary>
    public static bool ProvesUnreachable(Exception? failure)
    {
        if (failure is not DynamicDbException { ErrorCode: ErrorCodes.EngineUnavailable })
        {
            return false;
        }

        for (var cause = failure.InnerException; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case TimeoutException:
                    return false;
                case PostgresException p:
                    return p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                        || p.SqlState.StartsWith("08", StringComparison.Ordinal);
                case SocketException s:
                    return Unreachable.Contains(s.SocketErrorCode);
                case EndOfStreamException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The innermost cause's message, for the log line of the probe it triggers.</summary>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var cause = failure;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return cause.Message;
    }
}
