using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.Runtime;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// What every gateway endpoint needs: the request body within its size limit, the caller's database (its app always
/// from the credential), the database grain, and a time bound slightly above the database's own limits.
/// </summary>
internal sealed class DatabaseGateway(
    IGrainFactory grains,
    IOptions<GatewayOptions> gateway,
    IOptions<DatabaseOptions> databases,
    TimeProvider time)
{
    /// <summary>How often a call a stopping silo rejected (it never ran) is sent again before the rejection is answered (503).</summary>
    private const int RejectionRetries = 3;

    /// <summary>The wait before the first retry of a rejected call; later ones wait twice, three times as long.</summary>
    private static readonly TimeSpan RejectionBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Sends again a call that a stopping silo rejected before running it (<see cref="OrleansMessageRejectionException"/>):
    /// it ran nowhere, so asking again (the grain activates on a silo that stays) is safe, for writes too. Nothing else
    /// is retried: a call cut off by a lost connection may have run.
    /// </summary>
    private readonly ResiliencePipeline _rejections = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>(),
            MaxRetryAttempts = RejectionRetries,
            Delay = RejectionBackoff,
            BackoffType = DelayBackoffType.Linear,
            UseJitter = false,
        })
        .Build();

    /// <summary>The longest a create or drop may take in the grain.</summary>
    private static readonly TimeSpan AdministrationTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The bound of a single statement, a query or a schema read.</summary>
    public TimeSpan StatementLimit => databases.Value.QueryTimeout + gateway.Value.RequestTimeoutMargin;

    /// <summary>The bound of a transaction.</summary>
    public TimeSpan TransactionLimit => databases.Value.TransactionTimeout + gateway.Value.RequestTimeoutMargin;

    /// <summary>The bound of creating or dropping a database.</summary>
    public TimeSpan AdministrationLimit => AdministrationTimeout + gateway.Value.RequestTimeoutMargin;

    /// <summary>How a streamed query is read: pages of the grain within the result caps (<c>MaxResultRows</c>, <c>MaxResultBytes</c>).</summary>
    public QueryPaging ResultPaging => QueryPaging.Within(gateway.Value.MaxResultRows, gateway.Value.MaxResultBytes);

    /// <summary>The default hibernation timeout, for databases without their own.</summary>
    public TimeSpan DefaultHibernationTimeout => databases.Value.HibernationTimeout;

    public Task<RequestBody> ReadBodyAsync(HttpContext http) => RequestBody.ReadAsync(http, gateway.Value.MaxRequestBodyBytes);

    /// <summary>The caller's database <paramref name="database"/>: <c>database.invalid_name</c> when it breaks the naming rules.</summary>
    public static DatabaseName Name(HttpContext http, string database)
    {
        var app = http.User.GetApp();
        http.Items[Sessions.HttpSessionFilter.DatabaseItem] = database;
        if (database.Length > DatabaseName.MaxLength * 2)
        {
            throw new DynamicDbException(
                ErrorCodes.DatabaseInvalidName,
                $"The database name '{database[..DatabaseName.MaxLength]}...' is invalid: it is {database.Length} characters long, at most {DatabaseName.MaxLength} are allowed.");
        }

        return DatabaseName.Create(app, database);
    }

    /// <summary>The database from the required query parameter <c>database</c>.</summary>
    public static DatabaseName NameFromQuery(HttpContext http)
    {
        QueryText.Check(http.Request, "database");
        var values = http.Request.Query["database"];
        return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0])
            ? Name(http, values[0]!)
            : throw JsonFields.Invalid($"The query parameter 'database' is required (once), e.g. {http.Request.Path}?database=users.");
    }

    public IDatabaseGrain Grain(DatabaseName name) => grains.GetGrain<IDatabaseGrain>(name.Key);

    /// <summary>
    /// Runs <paramref name="call"/> with a token cancelled when the client goes away or <paramref name="limit"/>
    /// passes; the latter fails with <c>sql.timeout</c>.
    /// </summary>
    public async Task<T> BoundAsync<T>(HttpContext http, TimeSpan limit, Func<CancellationToken, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, timeout.Token);
        try
        {
            return await _rejections.ExecuteAsync(
                static async (call, token) => await call(token).WaitAsync(token).ConfigureAwait(false),
                call,
                linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            throw new DynamicDbException(
                ErrorCodes.SqlTimeout,
                $"The request did not complete within {limit.TotalSeconds:0.#} seconds (the database's limit plus {GatewayOptions.Setting(nameof(GatewayOptions.RequestTimeoutMargin))}). Retry later, or make the statement cheaper.",
                isTransient: true);
        }
    }
}
