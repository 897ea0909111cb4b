namespace Orleans.DynamicDb.Sessions;

/// <summary>What a session's credential allows.</summary>
public static class SessionPrivileges
{
    /// <summary>An app's read-write credential (API key or JWT).</summary>
    public const string App = "app";

    /// <summary>A read-only credential (<c>DynamicDb:Auth:ApiKeys:N:ReadOnly</c>, or a JWT asking for it): writes are refused.</summary>
    public const string ReadOnly = "read_only";

    /// <summary>An admin key.</summary>
    public const string Admin = "admin";
}
