namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>
/// One server of a registered replication group (<c>DynamicDb:Engines:N:Members:K:*</c>): a PostgreSQL 15 server someone
/// else runs, which the silo drives with SQL only.
/// </summary>
public sealed class RegisteredMemberOptions
{
    /// <summary>
    /// The member's name: also the <c>application_name</c> its standby streams with (what <c>synchronous_standby_names</c>
    /// and <c>pg_stat_replication</c> name it by). 1–63 characters from a–z, 0–9 and '_'. Default: <c>m{K}</c>.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// A connection string to the server as a superuser (it runs <c>pg_promote()</c> and <c>ALTER SYSTEM</c>), e.g.
    /// <c>Host=10.0.0.5;Port=5432;Username=postgres;Password=…;Database=postgres</c>. Its Host and Port are also what the
    /// other members stream from when this one becomes the primary. Required.
    /// </summary>
    public string ConnectionString { get; set; } = "";
}
