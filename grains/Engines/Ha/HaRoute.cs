using Orleans.DynamicDb.Engines.Postgres;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Where a <c>postgres-ha</c> engine routes statements at one epoch: the primary member and the engine serving it.</summary>
internal sealed record HaRoute(long Epoch, string Primary, PostgresEngine Engine);
