using Orleans.DynamicDb.Engines.Postgres;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Where a <c>postgres-ha</c> engine routes statements at one epoch: the primary member and the engine serving it.</summary>
/// <param name="Epoch">The group's epoch.</param>
/// <param name="Primary">The member statements go to.</param>
/// <param name="FirstTxid">The first transaction id the primary had not handed out when it was first routed to at this epoch.</param>
/// <param name="Engine">The server engine serving the primary's databases, with write tracking on.</param>
internal sealed record HaRoute(long Epoch, string Primary, long FirstTxid, PostgresEngine Engine);
