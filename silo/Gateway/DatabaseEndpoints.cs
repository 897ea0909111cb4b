using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.Runtime;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Silo.Gateway.Responses;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// The database lifecycle endpoints: list, create, status and drop. List and status ask the app's catalog grain, which
/// reads the catalog store, so they never wake a hibernated database.
/// </summary>
internal static class DatabaseEndpoints
{
    /// <summary>The longest accepted <c>hibernation_timeout_seconds</c>: 30 days.</summary>
    private const double MaxHibernationSeconds = 30 * 24 * 3600;

    /// <summary><c>GET /v1/database/list</c> → <c>{databases: [...]}</c>, the caller's databases that are not dropped.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, DatabaseGateway gateway, IGrainFactory grains)
    {
        var app = http.User.GetApp();
        var entries = await gateway.BoundAsync(http, gateway.StatementLimit, ct => grains.GetGrain<IAppCatalogGrain>(app).ListAsync(ct));
        return GatewayJson.Json(new DatabaseListResponse([.. entries.Select(e => e.Database)]));
    }

    /// <summary>
    /// <c>POST /v1/database/create {database, engine?, hibernation_timeout_seconds?}</c> → the entry; 201 when it was
    /// created, 200 when it existed.
    /// </summary>
    public static async Task<IResult> CreateAsync(HttpContext http, DatabaseGateway gateway)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        var engine = body.OptionalString("engine");
        var hibernation = HibernationTimeout(body.OptionalNumber("hibernation_timeout_seconds"));
        var created = await gateway.BoundAsync(http, gateway.AdministrationLimit, ct => gateway.Grain(name).CreateAsync(engine, hibernation, ct));
        http.Response.Headers.Location = $"/v1/database/status?database={name.Database}";
        return GatewayJson.Json(
            DatabaseInfoResponse.From(created.Info, gateway.DefaultHibernationTimeout),
            created.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary><c>GET /v1/database/status?database=</c> → the catalog entry (a dropped database says so); 404 when it never existed.</summary>
    public static async Task<IResult> StatusAsync(HttpContext http, DatabaseGateway gateway, IGrainFactory grains, Switching.ISwitchLog switches)
    {
        var name = DatabaseGateway.NameFromQuery(http);
        var info = await gateway.BoundAsync(http, gateway.StatementLimit, ct => grains.GetGrain<IAppCatalogGrain>(name.App).GetAsync(name.Database, ct))
            ?? throw NotFound(name);
        var running = await switches.RunningForAsync(name.App, name.Database, http.RequestAborted);
        return GatewayJson.Json(DatabaseInfoResponse.From(info, gateway.DefaultHibernationTimeout) with
        {
            Switch = running is null ? null : new RunningSwitchResponse(running.Id, running.Phase, running.Target),
        });
    }

    /// <summary><c>POST /v1/database/drop {database, confirm}</c> → <c>{dropped: true, moved_to}</c>; confirm must repeat the name.</summary>
    public static async Task<IResult> DropAsync(HttpContext http, DatabaseGateway gateway, IGrainFactory grains)
    {
        using var body = await gateway.ReadBodyAsync(http);
        var name = DatabaseGateway.Name(http, body.RequiredString("database"));
        if (body.OptionalString("confirm") != name.Database)
        {
            throw JsonFields.Invalid($"The field 'confirm' must repeat the database name (\"confirm\": \"{name.Database}\") to drop it.");
        }

        // Asked of the catalog, so dropping a database that does not exist never creates or wakes it.
        var entry = await gateway.BoundAsync(http, gateway.StatementLimit, ct => grains.GetGrain<IAppCatalogGrain>(name.App).GetAsync(name.Database, ct));
        if (entry is null or { Status: DatabaseStatus.Dropped })
        {
            throw NotFound(name);
        }

        var dropped = await gateway.BoundAsync(http, gateway.AdministrationLimit, ct => gateway.Grain(name).DropAsync(ct));
        return GatewayJson.Json(new DropDatabaseResponse(true, dropped.MovedTo));
    }

    private static TimeSpan? HibernationTimeout(double? seconds) => seconds switch
    {
        null => null,
        < 0 or > MaxHibernationSeconds => throw JsonFields.Invalid(
            $"The field 'hibernation_timeout_seconds' must be between 0 (never hibernate) and {MaxHibernationSeconds}; it is {seconds}."),
        _ => TimeSpan.FromSeconds(seconds.Value),
    };

    private static DynamicDbException NotFound(DatabaseName name) =>
        new(ErrorCodes.DatabaseNotFound, $"The database '{name.Database}' does not exist for app '{name.App}'. Create it with /v1/database/create or by using it.");
}
