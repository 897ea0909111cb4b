namespace Orleans.DynamicDb.Engines.Ha.Safety;

/// <summary>What a statement may do to data, as far as retrying it after a failure is concerned.</summary>
public enum StatementKind
{
    /// <summary>It may change data or schema: it is retried only when it is known not to have committed.</summary>
    Write,

    /// <summary>It only reads (see <see cref="StatementClassifier"/>): running it again is harmless.</summary>
    Read,
}
