namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>The login role tenant statements of one database run as, and its password.</summary>
/// <param name="Role">The role name (see <see cref="TenantRoles.RoleName"/>).</param>
/// <param name="Password">The role's generated password, kept in the maintenance database (see <see cref="TenantRoleStore"/>).</param>
internal sealed record TenantLogin(string Role, string Password)
{
    /// <summary>Keeps the password out of logs and exception messages.</summary>
    public override string ToString() => Role;
}
