using System.Text.Json;
using Orleans.DynamicDb.Audit;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// <c>POST /v1/engines/groups/{group}/failover</c>: a manual failover of a <c>postgres-ha</c> engine's group, through its
/// <see cref="IEngineGrain"/> (the same persisted path as an automatic failover).
/// </summary>
internal static class FailoverEndpoint
{
    /// <summary>The largest request body read.</summary>
    private const int MaxBodyBytes = 4096;

    /// <summary>
    /// Fails the group over (body optional: <c>{"target": "m1"}</c>) and answers the engine's status after it: 404 for an
    /// unknown group, 409 <c>engine.not_replicated</c> for an engine that is no replication group, 400 for a bad body or a
    /// target that is no member, 409 <c>engine.failover_unsafe</c> for a target that is not a healthy synchronous standby.
    /// </summary>
    public static async Task<IResult> FailoverAsync(string group, HttpContext http, IEngineRegistry registry, IGrainFactory grains)
    {
        if (!registry.TryGet(group, out var engine))
        {
            return Problem(StatusCodes.Status404NotFound, ErrorCodes.EngineUnknown, "Unknown group",
                $"No replication group has the id '{Shown(group)}'. The configured engines are: {string.Join(", ", registry.Engines.Select(e => $"'{e.Id}' ({e.Kind})"))}.");
        }

        if (engine.Kind != EngineKinds.PostgresHa)
        {
            return Problem(StatusCodes.Status409Conflict, "engine.not_replicated", "Not a replication group",
                $"The engine '{engine.Id}' is of kind '{engine.Kind}'; only {EngineKinds.PostgresHa} engines are replication groups that fail over.");
        }

        string? target;
        try
        {
            target = await ReadTargetAsync(http);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCodes.RequestInvalid, "Invalid request",
                $"The body must be empty or a JSON object like {{\"target\": \"m1\"}}: {e.Message}");
        }

        // Members are listed as '{group}.{member}'; either form names them.
        if (target is not null && target.StartsWith(engine.Id + ".", StringComparison.OrdinalIgnoreCase))
        {
            target = target[(engine.Id.Length + 1)..];
        }

        // Recorded before anything is done: refused (503 audit.unavailable) when the row cannot be written.
        var details = target is null ? null : new Dictionary<string, string> { ["target"] = target };
        if (await AuditTrail.RequestAsync(http, AuditActions.FailoverRequested, engine.Id, details) is { } refused)
        {
            return refused;
        }

        try
        {
            var status = await grains.GetGrain<IEngineGrain>(engine.Id).FailoverAsync(target, http.RequestAborted);
            await AuditTrail.OutcomeAsync(http, AuditActions.FailoverCompleted, engine.Id, AuditResults.Ok,
                new Dictionary<string, string> { ["epoch"] = status.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return GatewayJson.Json(EngineStatusResponse.From(status));
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.EngineFailoverUnsafe)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.FailoverFailed, engine.Id, e.ErrorCode, details);
            return Problem(StatusCodes.Status409Conflict, e.ErrorCode, "Failover refused", e.Message);
        }
        catch (DynamicDbException e) when (e.ErrorCode == ErrorCodes.RequestInvalid)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.FailoverFailed, engine.Id, e.ErrorCode, details);
            return Problem(StatusCodes.Status400BadRequest, e.ErrorCode, "Invalid failover target", e.Message);
        }
        catch (Exception e)
        {
            await AuditTrail.OutcomeAsync(http, AuditActions.FailoverFailed, engine.Id, e is DynamicDbException known ? known.ErrorCode : "error", details);
            throw;
        }
    }

    private static async Task<string?> ReadTargetAsync(HttpContext http)
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

        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return null;
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name != "target")
            {
                throw new JsonException($"'{property.Name}' is not a field of a failover request (only 'target' is)");
            }
        }

        if (!document.RootElement.TryGetProperty("target", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : throw new JsonException($"'target' must be a member name (a non-empty string), not {value.GetRawText()}");
    }

    private static string Shown(string id) => id.Length <= 63 ? id : id[..63] + "...";

    private static ProblemResult Problem(int status, string type, string title, string detail) =>
        new(new GatewayProblem(status, type, title, detail, Transient: false));
}
