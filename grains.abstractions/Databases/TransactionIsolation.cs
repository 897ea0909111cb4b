namespace Orleans.DynamicDb.Databases;

/// <summary>
/// The isolation level of an interactive transaction (<see cref="TransactionOptions.Isolation"/>). PostgreSQL engines begin
/// the transaction at that level; SQLite accepts every level (its transactions are serializable anyway).
/// </summary>
[GenerateSerializer]
[Alias("dyndb.TransactionIsolation")]
public enum TransactionIsolation
{
    /// <summary>READ COMMITTED, the default: each statement sees what was committed before it began.</summary>
    ReadCommitted = 0,

    /// <summary>REPEATABLE READ: every statement sees the snapshot of the transaction's first statement.</summary>
    RepeatableRead = 1,

    /// <summary>SERIALIZABLE: as if the transactions ran one after the other; a conflict fails with a serialization error.</summary>
    Serializable = 2,
}
