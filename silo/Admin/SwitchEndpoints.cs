using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The engine switch endpoints of the admin API (docs/switching.md): start a switch and answer its result, the history,
/// one switch, and the approval of pending requests. The switch runs in the database's grain; these endpoints wait for
/// its end (<see cref="SwitchingGrainExtensions.SwitchAndWaitAsync"/>), so a client sees one call.
/// </summary>
internal static class SwitchEndpoints
{
    /// <summary>The number of switches answered when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest accepted <c>limit</c>.</summary>
    public const int MaxLimit = 1000;

    /// <summary><c>POST /v1/admin/databases/{app}/{database}/switch</c> → the switch's result once it ended.</summary>
    public static async Task<IResult> SwitchAsync(string app, string database, HttpContext http, IGrainFactory grains)
    {
        var name = DatabaseName.Create(app, database);
        var request = await SwitchRequestBody.ReadAsync(http, CredentialId(http)).ConfigureAwait(false);
        var result = await grains.GetGrain<IDatabaseGrain>(name.Key).SwitchAndWaitAsync(request, http.RequestAborted).ConfigureAwait(false);
        return GatewayJson.Json(SwitchResponse.From(result));
    }

    /// <summary><c>GET /v1/admin/switches?since=&amp;limit=</c> → the switches changed after the cursor, oldest change first, and the next cursor.</summary>
    public static async Task<IResult> HistoryAsync(HttpContext http, ISwitchLog log)
    {
        var since = Number(http.Request, "since", 0, long.MaxValue, 0, "a cursor: 0 for the start or the 'next' of an earlier answer");
        var limit = (int)Number(http.Request, "limit", 1, MaxLimit, DefaultLimit, $"a whole number from 1 to {MaxLimit} (default {DefaultLimit})");
        var page = await log.ListAsync(since, limit, http.RequestAborted).ConfigureAwait(false);
        var next = page.Count == 0 ? since : page[^1].Cursor;
        return GatewayJson.Json(new SwitchHistoryResponse([.. page.Select(SwitchRecordResponse.From)], next.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary><c>GET /v1/admin/switches/{id}</c> → one switch; 404 <c>switch.not_found</c>.</summary>
    public static async Task<IResult> GetAsync(string id, ISwitchLog log, CancellationToken cancellationToken)
    {
        CheckId(id);
        var record = await log.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        return GatewayJson.Json(SwitchRecordResponse.From(record));
    }

    /// <summary>
    /// <c>POST /v1/admin/switches/{id}/approve</c> → runs the pending switch and answers like the switch endpoint; 409
    /// <c>switch.conflict</c> naming the state of one already decided or expired.
    /// </summary>
    public static async Task<IResult> ApproveAsync(string id, HttpContext http, ISwitchLog log, IGrainFactory grains, TimeProvider time)
    {
        CheckId(id);
        var approved = await log.DecideAsync(id, approve: true, CredentialId(http), time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        var grain = grains.GetGrain<IDatabaseGrain>(DatabaseName.Create(approved.App, approved.Database).Key);
        SwitchResult result;
        try
        {
            result = await grain.SwitchAndWaitAsync(approved.ToRequest(), http.RequestAborted).ConfigureAwait(false);
        }
        catch (DynamicDbException e) when (e.ErrorCode != ErrorCodes.SwitchConflict)
        {
            // Refused before it started (the database moved or was dropped meanwhile): the approved row ends here.
            await log.FinishAsync(approved with { State = SwitchStates.Failed, Phase = SwitchPhases.Done, EndedAt = time.GetUtcNow(), Error = $"{e.ErrorCode}: {e.Message}" }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return GatewayJson.Json(SwitchResponse.From(result));
    }

    /// <summary><c>POST /v1/admin/switches/{id}/reject</c> → the rejected request.</summary>
    public static async Task<IResult> RejectAsync(string id, HttpContext http, ISwitchLog log, TimeProvider time)
    {
        CheckId(id);
        var rejected = await log.DecideAsync(id, approve: false, CredentialId(http), time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        return GatewayJson.Json(SwitchRecordResponse.From(rejected));
    }

    /// <summary>
    /// The caller's credential id, never the secret: <c>admin:</c> and the first 12 hex digits of the admin key's SHA-256
    /// (the form <c>DynamicDb:Auth:AdminKeys:N:KeySha256</c> configures it by).
    /// </summary>
    internal static string CredentialId(HttpContext http)
    {
        var headers = http.Request.Headers;
        var key = headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var values) && values.Count == 1
            ? values[0]
            : headers.Authorization.Count == 1 ? AuthSchemes.BearerValue(headers.Authorization[0]) : null;
        return key is { Length: > 0 }
            ? "admin:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12]
            : AppClaims.AdminCredential;
    }

    private static void CheckId(string id)
    {
        if (!SwitchRecord.IsId(id))
        {
            throw JsonFields.Invalid($"'{(id.Length <= 40 ? id : id[..40] + "...")}' is not a switch id: 'sw_' and 32 lowercase hex digits, as answered by the switch endpoint.");
        }
    }

    private static DynamicDbException NotFound(string id) => new(ErrorCodes.SwitchNotFound, $"No switch has the id '{id}'.");

    private static long Number(HttpRequest request, string parameter, long min, long max, long fallback, string what)
    {
        QueryText.Check(request, parameter);
        var values = request.Query[parameter];
        if (values.Count == 0)
        {
            return fallback;
        }

        var text = values.Count == 1 ? values[0] : throw JsonFields.Invalid($"The query parameter '{parameter}' is given {values.Count} times; give it once.");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw JsonFields.Invalid($"The query parameter '{parameter}' must be {what}; it is '{(text is { Length: > 20 } ? text[..20] + "..." : text)}'.");
    }
}
