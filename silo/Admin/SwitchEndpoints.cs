using System.Globalization;
using Orleans.DynamicDb.Audit;
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

    /// <summary>
    /// <c>POST /v1/admin/databases/{app}/{database}/switch</c> → the switch's result once it ended; with <c>?wait=false</c>
    /// (<see cref="SwitchWaitQuery"/>) at once, state <c>running</c> and the id to follow.
    /// </summary>
    public static async Task<IResult> SwitchAsync(string app, string database, HttpContext http, IGrainFactory grains)
    {
        var name = DatabaseName.Create(app, database);
        var wait = SwitchWaitQuery.Read(http.Request);
        var request = await SwitchRequestBody.ReadAsync(http, CredentialId(http)).ConfigureAwait(false);
        if (await AuditTrail.RequestAsync(http, AuditActions.SwitchRequested, name.Key, Details(request)).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var grain = grains.GetGrain<IDatabaseGrain>(name.Key);
        if (!wait)
        {
            // ?wait=false: the switch's id at once (state running); its phases are followed with GET /v1/admin/switches/{id}.
            return GatewayJson.Json(SwitchResponse.From(await grain.SwitchEngineAsync(request, http.RequestAborted).ConfigureAwait(false)));
        }

        var result = await grain.SwitchAndWaitAsync(request, http.RequestAborted).ConfigureAwait(false);
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

    /// <summary><c>GET /v1/admin/switches/{id}</c> → one switch (a running one with its copy's progress); 404 <c>switch.not_found</c>.</summary>
    public static async Task<IResult> GetAsync(string id, ISwitchLog log, IGrainFactory grains, CancellationToken cancellationToken)
    {
        CheckId(id);
        var record = await log.GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw NotFound(id);
        return GatewayJson.Json(await SwitchLiveProgress.AddAsync(SwitchRecordResponse.From(record), record, grains, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>POST /v1/admin/switches/{id}/approve</c> → runs the pending switch and answers like the switch endpoint; 409
    /// <c>switch.conflict</c> naming the state of one already decided or expired.
    /// </summary>
    public static async Task<IResult> ApproveAsync(string id, HttpContext http, ISwitchLog log, IGrainFactory grains, TimeProvider time)
    {
        CheckId(id);
        if (await AuditTrail.RequestAsync(http, AuditActions.SwitchApproved, id).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var approved = await log.DecideAsync(id, approve: true, CredentialId(http), time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        await AuditTrail.OutcomeAsync(http, AuditActions.SwitchApproved, approved.App + "/" + approved.Database, AuditResults.Ok, new Dictionary<string, string> { ["switch_id"] = id, ["target_engine"] = approved.Target }).ConfigureAwait(false);
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
        if (await AuditTrail.RequestAsync(http, AuditActions.SwitchRejected, id).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var rejected = await log.DecideAsync(id, approve: false, CredentialId(http), time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        await AuditTrail.OutcomeAsync(http, AuditActions.SwitchRejected, rejected.App + "/" + rejected.Database, AuditResults.Ok, new Dictionary<string, string> { ["switch_id"] = id }).ConfigureAwait(false);
        return GatewayJson.Json(SwitchRecordResponse.From(rejected));
    }

    /// <summary>
    /// The caller's credential id, never the secret (<see cref="AppClaims.GetCredentialId"/>: <c>admin:{Name}</c> of the
    /// admin key, or <c>admin:sha256:</c> and 12 hex digits of its hash): the switch history and the audit log name callers
    /// the same way.
    /// </summary>
    internal static string CredentialId(HttpContext http) => http.User.GetCredentialId();

    private static Dictionary<string, string> Details(SwitchRequest request) => new()
    {
        ["target_engine"] = request.TargetEngine,
        ["timeout_seconds"] = request.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ["validate_target"] = request.ValidateTarget ? "true" : "false",
        ["rollback_on_failure"] = request.RollbackOnFailure ? "true" : "false",
    };

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
