namespace Orleans.DynamicDb.Databases;

/// <summary>An interactive transaction the database opened (<see cref="IDatabaseGrain.BeginTransactionAsync"/>).</summary>
/// <param name="Id">Its id, unique per database; every later call names it.</param>
/// <param name="IdleTimeout">How long it may stay without a statement before it is rolled back.</param>
/// <param name="ReadOnly">True when every statement in it runs read-only.</param>
/// <param name="StartedAt">When it was opened.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.OpenTransaction")]
public sealed record OpenTransaction(string Id, TimeSpan IdleTimeout, bool ReadOnly, DateTimeOffset StartedAt);
