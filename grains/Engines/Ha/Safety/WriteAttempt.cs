using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>
/// What a tracked connection knows about a write whose connection failed, carried on the failure (a
/// <see cref="DynamicDbException"/>) from the connection to <see cref="FailoverRetry"/>. A write failure that carries none
/// has an unknown outcome.
/// </summary>
/// <param name="Stage">How far the write got.</param>
/// <param name="Txid">Its transaction id (<c>txid_current()</c>, 64 bits with epoch) when one was recorded.</param>
public sealed record WriteAttempt(WriteStage Stage, long? Txid)
{
    private const string Key = "dyndb.write_attempt";

    /// <summary>Marks <paramref name="exception"/> with <paramref name="attempt"/>; returns it.</summary>
    public static DynamicDbException Mark(DynamicDbException exception, WriteAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(exception);
        exception.Data[Key] = attempt;
        return exception;
    }

    /// <summary>The attempt <paramref name="exception"/> was marked with, or null.</summary>
    public static WriteAttempt? Of(Exception exception) => exception?.Data[Key] as WriteAttempt;
}
