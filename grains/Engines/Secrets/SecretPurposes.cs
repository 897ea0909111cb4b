namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>The Data Protection purpose of each kind of stored secret: a secret protected for one kind never reads as another.</summary>
public static class SecretPurposes
{
    /// <summary>The superuser password of a <c>postgres-managed</c> instance (<c>dyndb_password</c> in its cluster folder and the template).</summary>
    public const string ManagedSuperuserPassword = "Orleans.DynamicDb.Secrets.ManagedSuperuserPassword.v1";

    /// <summary>The superuser and replication password of a <c>postgres-ha</c> group run by this silo (<c>password</c> in the group folder).</summary>
    public const string ReplicationGroupPassword = "Orleans.DynamicDb.Secrets.ReplicationGroupPassword.v1";

    /// <summary>The password of a database's tenant role, in <c>dyndb.tenant_roles</c> of a PostgreSQL server's maintenance database.</summary>
    public const string TenantRolePassword = "Orleans.DynamicDb.Secrets.TenantRolePassword.v1";

    /// <summary>The password an operator put in a registered group's <c>primary_conninfo</c>, as recorded in its <c>group.json</c>.</summary>
    public const string RegisteredConninfoPassword = "Orleans.DynamicDb.Secrets.RegisteredConninfoPassword.v1";

    /// <summary>The superuser and replication password of a replication group spread over silos, in the group grain's state.</summary>
    public const string ClusterGroupPassword = "Orleans.DynamicDb.Secrets.ClusterGroupPassword.v1";
}
