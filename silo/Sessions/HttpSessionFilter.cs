using System.Diagnostics;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Sessions;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>
/// Tracks the gateway's HTTP clients as sessions: one per app and <c>X-Session-Id</c> header when the client names
/// its session, else one per app, credential and client address. SQL requests count as statements (<c>/query</c> a
/// read, <c>/exec</c> and <c>/transaction</c> a write, each its own transaction); a session ends after
/// <c>DynamicDb:Sessions:HttpIdleTimeout</c> without a request. The gateway stamps each statement with the session's id
/// and tier (<see cref="Stamp(HttpContext, Statement)"/>), which opens the session before its first statement runs.
/// </summary>
internal sealed class HttpSessionFilter(SessionHub hub) : IEndpointFilter
{
    /// <summary>The header an HTTP client names its session with.</summary>
    public const string Header = "X-Session-Id";

    /// <summary>Where the gateway leaves the database a request used (<c>DatabaseGateway.Name</c>).</summary>
    public const string DatabaseItem = "dyndb.session.database";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var named = NamedSession(http.Request);
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var result = await next(context).ConfigureAwait(false);
            failed = false;
            return result;
        }
        finally
        {
            Record(http, named, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    /// <summary>
    /// The session id of the request's client, the one <c>/v1/admin/sessions</c> lists (and the owner of the interactive
    /// transactions it opens); null for a request without an app. Fails with <c>request.invalid</c> for a bad header.
    /// </summary>
    public static string? SessionIdOf(HttpContext http) =>
        http.User.FindFirst(AppClaims.App)?.Value is { Length: > 0 } app
            ? SessionIds.ForHttp(app, NamedSession(http.Request), http.User.GetCredentialId(), http.Connection.RemoteIpAddress?.ToString() ?? "")
            : null;

    private static string? NamedSession(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return null;
        }

        if (values.Count == 1 && SessionIds.IsValid(values[0]))
        {
            return values[0];
        }

        var shown = string.Join(",", values.ToArray());
        throw JsonFields.Invalid($"The {Header} header must be given once, 1 to {SessionIds.MaxLength} letters, digits, '-', '_', '.'; it is '{(shown.Length <= 40 ? shown : shown[..40] + "...")}'.");
    }

    /// <summary><paramref name="statement"/> stamped with the id and tier of the request's session (unchanged for a request without an app).</summary>
    public static Statement Stamp(HttpContext http, Statement statement) =>
        TrackerOf(http) is { } tracker ? statement.From(tracker.Id, tracker.Tier.Tier) : statement;

    /// <summary><paramref name="statements"/> stamped with the id and tier of the request's session.</summary>
    public static IReadOnlyList<Statement> Stamp(HttpContext http, IReadOnlyList<Statement> statements) =>
        TrackerOf(http) is { } tracker ? [.. statements.Select(s => s.From(tracker.Id, tracker.Tier.Tier))] : statements;

    /// <summary>The tier of the request's session (Medium for a request without an app).</summary>
    public static Tiers.Tier TierOf(HttpContext http) => TrackerOf(http)?.Tier.Tier ?? Tiers.Tier.Medium;

    private static SessionTracker? TrackerOf(HttpContext http) =>
        http.Items.TryGetValue(TrackerItem, out var item) && item is SessionTracker tracker
            ? tracker
            : http.RequestServices.GetService<HttpSessionFilter>()?.Open(http, NamedSession(http.Request));

    private const string TrackerItem = "dyndb.session.tracker";

    /// <summary>The request's session, opened (and classified) on its first request; kept in the request's items.</summary>
    private SessionTracker? Open(HttpContext http, string? named)
    {
        if (http.Items.TryGetValue(TrackerItem, out var item) && item is SessionTracker known)
        {
            return known;
        }

        if (http.User.FindFirst(AppClaims.App)?.Value is not { Length: > 0 } app)
        {
            return null;
        }

        var credentialId = http.User.GetCredentialId();
        var address = http.Connection.RemoteIpAddress;
        var id = SessionIds.ForHttp(app, named, credentialId, address?.ToString() ?? "");
        var database = http.Items[DatabaseItem] as string ?? "";
        var tracker = hub.GetOrOpen(id, () => hub.Open(
            id, SessionProtocols.Http, app, database, app,
            address is null ? null : new System.Net.IPEndPoint(address, http.Connection.RemotePort),
            http.User.IsReadOnly() ? SessionPrivileges.ReadOnly : SessionPrivileges.App, credentialId, named, settings: null, kill: null));
        http.Items[TrackerItem] = tracker;
        return tracker;
    }

    private void Record(HttpContext http, string? named, TimeSpan elapsed, bool failed)
    {
        if (Open(http, named) is not { } tracker)
        {
            return;
        }

        var path = http.Request.Path.Value ?? "";
        var inTransaction = path.Contains("/transactions/", StringComparison.Ordinal);
        if (path.EndsWith("/query", StringComparison.Ordinal))
        {
            tracker.Statement(write: false, elapsed, rows: 0, inTransaction, failed);
        }
        else if (path.EndsWith("/exec", StringComparison.Ordinal) || path.EndsWith("/transaction", StringComparison.Ordinal))
        {
            tracker.Statement(write: true, elapsed, rows: 0, inTransaction, failed);
        }
        else if (inTransaction && (path.EndsWith("/commit", StringComparison.Ordinal) || path.EndsWith("/rollback", StringComparison.Ordinal) || HttpMethods.IsDelete(http.Request.Method)))
        {
            tracker.TransactionEnded();
        }
        else
        {
            tracker.Touch();
        }
    }
}
