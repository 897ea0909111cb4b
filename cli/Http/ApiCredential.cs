namespace Orleans.DynamicDb.Cli.Http;

/// <summary>Which key a call to the silo carries.</summary>
public enum ApiCredential
{
    /// <summary>The application's API key (<c>/v1/database/*</c>).</summary>
    App,

    /// <summary>An admin key (<c>/v1/engines</c>, <c>/v1/admin</c>).</summary>
    Admin,
}
