using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>GET /v1/admin/databases/{app}/{database}/activity</c>: what an awake database runs right now — statements in flight
/// and its open interactive transactions with their sessions (docs/sessions.md) — read from its grain. A database that
/// is not active (hibernated, dropped) is answered from the catalog without waking it: nothing runs there.
/// </summary>
internal static class DatabaseActivityEndpoint
{
    public static async Task<IResult> GetAsync(string app, string database, IDatabaseCatalog catalog, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = DatabaseName.Create(app, database);
        var entry = await catalog.GetAsync(name.App, name.Database, cancellationToken).ConfigureAwait(false)
            ?? throw new DynamicDbException(ErrorCodes.DatabaseNotFound, $"Database '{name.Database}' does not exist in app '{name.App}'.");
        if (entry.Status != DatabaseStatus.Active)
        {
            return GatewayJson.Json(new DatabaseActivityResponse(name.App, name.Database, entry.Status, 0, false, []));
        }

        var activity = await grains.GetGrain<IDatabaseGrain>(name.Key).GetActivityAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return GatewayJson.Json(new DatabaseActivityResponse(
            name.App, name.Database, entry.Status, activity.InFlightStatements, activity.Paused,
            [.. activity.Transactions.Select(t => TransactionActivityResponse.Of(t, now))]));
    }
}
