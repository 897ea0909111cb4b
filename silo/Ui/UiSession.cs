namespace Orleans.DynamicDb.Silo.Ui;

/// <summary>One login of the dashboard, kept only in the silo's memory.</summary>
/// <param name="Id">The random id the browser's cookie carries (256 bits, base64url); never the admin key.</param>
/// <param name="CredentialId">The admin key's credential id (<c>admin:{name}</c>), the actor of the session's actions.</param>
/// <param name="CsrfToken">The random token every state-changing request of the session must carry in <see cref="UiEndpoints.CsrfHeader"/>.</param>
/// <param name="CreatedAt">When the session started.</param>
/// <param name="ExpiresAt">When it ends.</param>
internal sealed record UiSession(string Id, string CredentialId, string CsrfToken, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
