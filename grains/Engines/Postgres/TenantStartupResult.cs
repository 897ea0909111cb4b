namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>What the start-up pass of one registered server did.</summary>
/// <param name="Checked">Catalog databases placed on the server.</param>
/// <param name="Migrated">Databases moved to their tenant role (or closed to <c>PUBLIC</c>) by this pass.</param>
/// <param name="Failed">Databases left for their next open because a step failed (all of them when the server was unreachable).</param>
internal sealed record TenantStartupResult(int Checked, int Migrated, int Failed);
