namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>How far a tracked write got before its connection failed (see <see cref="WriteAttempt"/>).</summary>
public enum WriteStage
{
    /// <summary>Nothing was sent: the connection could not be opened.</summary>
    NotSent,

    /// <summary>The transaction was begun but its statements and commit were never sent, so it cannot have committed.</summary>
    NotCommitted,

    /// <summary>The statements or the commit were sent under the recorded transaction id; whether it committed must be asked.</summary>
    Sent,
}
