namespace Orleans.DynamicDb.Catalog;

/// <summary>
/// One activation of a database grain as the catalog recorded it (table <c>dyndb_activations</c>): the epoch it claimed
/// on wake, which Orleans activation on which silo it was, and how it ended.
/// </summary>
/// <param name="App">The application of the database.</param>
/// <param name="Database">The database name within the application.</param>
/// <param name="Epoch">The epoch claimed on wake: 1 for the first activation, then one more on every wake.</param>
/// <param name="ActivationId">Orleans' activation id of the grain activation.</param>
/// <param name="Silo">The silo address of the activation, as <c>{host}:{port}@{generation}</c>.</param>
/// <param name="WokeAt">When the activation claimed its epoch.</param>
/// <param name="EndedAt">When it ended; null while it has not (it is running, or its silo died and no later activation claimed).</param>
/// <param name="EndReason">One of <see cref="ActivationEnd"/>; null while it has not ended.</param>
public sealed record DatabaseActivation(
    string App,
    string Database,
    long Epoch,
    string ActivationId,
    string Silo,
    DateTimeOffset WokeAt,
    DateTimeOffset? EndedAt,
    string? EndReason);
