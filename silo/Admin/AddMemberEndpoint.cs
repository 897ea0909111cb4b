using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>POST /v1/engines</c> (the seed's <c>add_database</c>): adds a synchronous standby to a <c>postgres-ha</c> engine's
/// replication group at run time, through its <see cref="IEngineGrain"/>.
/// </summary>
internal static class AddMemberEndpoint
{
    /// <summary>The largest request body read.</summary>
    private const int MaxBodyBytes = 4096;

    /// <summary>The most a member may weigh (as <c>Health:Weight</c>).</summary>
    private const double MaxWeight = 1000;

    /// <summary>
    /// Adds the member and answers its entry with 201 once it streams synchronously: 400 for a missing, malformed or
    /// unknown-field body or a bad weight, 404 for an unknown group, 409 <c>engine.not_replicated</c> for an engine that is
    /// no replication group and 409 <c>engine.group_full</c> when the group already has 4 standbys.
    /// </summary>
    public static async Task<IResult> AddAsync(HttpContext http, IEngineRegistry registry, IGrainFactory grains)
    {
        AddMemberRequest request;
        try
        {
            request = await ReadAsync(http);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.RequestInvalid, "Invalid request",
                $"The body must be a JSON object like {{\"group\": \"pg-ha\", \"weight\": 2.0}}: {e.Message}");
        }

        if (!registry.TryGet(request.Group, out var engine))
        {
            return Problem(StatusCodes.Status404NotFound, ErrorCodes.EngineUnknown, "Unknown group",
                $"No replication group has the id '{Shown(request.Group)}' (field 'group'). The configured engines are: {string.Join(", ", registry.Engines.Select(e => $"'{e.Id}' ({e.Kind})"))}.");
        }

        if (engine.Kind != EngineKinds.PostgresHa)
        {
            return Problem(StatusCodes.Status409Conflict, "engine.not_replicated", "Not a replication group",
                $"The engine '{engine.Id}' (field 'group') is of kind '{engine.Kind}'; members can be added only to {EngineKinds.PostgresHa} engines.");
        }

        // Recorded before anything is done: refused (503 audit.unavailable) when the row cannot be written.
        var details = request.Weight is { } w ? new Dictionary<string, string> { ["weight"] = w.ToString(CultureInfo.InvariantCulture) } : null;
        if (await AuditTrail.RequestAsync(http, AuditActions.MemberAddRequested, engine.Id, details) is { } refused)
        {
            return refused;
        }

        try
        {
            var member = await grains.GetGrain<IEngineGrain>(engine.Id).AddMemberAsync(request.Weight, http.RequestAborted);
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberAdded, engine.Id, AuditResults.Ok, new Dictionary<string, string> { ["member"] = member.Id });
            return GatewayJson.Json(EngineStatusResponse.From(member), StatusCodes.Status201Created);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineGroupFull)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberAddFailed, engine.Id, e.ErrorCode, details);
            return Problem(StatusCodes.Status409Conflict, e.ErrorCode, "Replication group full", e.Message);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.RequestInvalid)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberAddFailed, engine.Id, e.ErrorCode, details);
            return Problem(StatusCodes.Status400BadRequest, e.ErrorCode, "Invalid request", e.Message);
        }
        catch (Exception e)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.MemberAddFailed, engine.Id, e is DynamicDbException known ? known.ErrorCode : "error", details);
            throw;
        }
    }

    private static async Task<AddMemberRequest> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new JsonException($"the body is larger than {MaxBodyBytes} bytes");
            }
        }

        if (buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            throw new JsonException("the body is empty; 'group' is required");
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"the body is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("group" or "weight"))
            {
                throw new JsonException($"'{property.Name}' is not a field of an add-member request (only 'group' and 'weight' are)");
            }
        }

        if (!root.TryGetProperty("group", out var group) || group.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(group.GetString()))
        {
            throw new JsonException(root.TryGetProperty("group", out var given)
                ? $"'group' must be the id of a {EngineKinds.PostgresHa} engine (a non-empty string), not {given.GetRawText()}"
                : "'group' is required: the id of the postgres-ha engine to add a member to");
        }

        double? weight = null;
        if (root.TryGetProperty("weight", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number) || number is < 0 or > MaxWeight)
            {
                throw new JsonException($"'weight' must be a number between 0 and {MaxWeight.ToString(CultureInfo.InvariantCulture)}, not {value.GetRawText()}");
            }

            weight = number;
        }

        return new AddMemberRequest(group.GetString()!, weight);
    }

    private static string Shown(string id) => id.Length <= 63 ? id : id[..63] + "...";

    private static ProblemResult Problem(int status, string type, string title, string detail) =>
        new(new GatewayProblem(status, type, title, detail, Transient: false));
}
