namespace Orleans.DynamicDb.Audit;

/// <summary>The <see cref="AuditEntry.Result"/> values that are no error code.</summary>
public static class AuditResults
{
    /// <summary>The action was done.</summary>
    public const string Ok = "ok";

    /// <summary>The action was asked for and is about to be done; a later row tells how it ended.</summary>
    public const string Accepted = "accepted";
}
