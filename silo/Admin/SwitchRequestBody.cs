using System.Text.Json;
using Orleans.DynamicDb.Silo.Gateway.Requests;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The body of <c>POST /v1/admin/databases/{app}/{database}/switch</c>:
/// <c>{"target_engine","switch_mode":"graceful","timeout_seconds":30,"validate_target":true,"rollback_on_failure":true}</c>.
/// Unknown fields are refused (a misspelt <c>rollback_on_failure</c> must not silently mean its default).
/// </summary>
internal static class SwitchRequestBody
{
    /// <summary>The largest body read.</summary>
    public const long MaxBytes = 4096;

    private static readonly string[] Fields = ["target_engine", "switch_mode", "timeout_seconds", "validate_target", "rollback_on_failure"];

    /// <summary>Reads the request, with <paramref name="requestedBy"/> as its requester.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the field and its value.</exception>
    public static async Task<SwitchRequest> ReadAsync(HttpContext http, string requestedBy)
    {
        using var body = await RequestBody.ReadAsync(http, MaxBytes).ConfigureAwait(false);
        var root = body.Root;
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw JsonFields.Invalid($"'{Shown(property.Name)}' is not a field of a switch request; the fields are {string.Join(", ", Fields)}.");
            }
        }

        var target = root.TryGetProperty("target_engine", out var t) && t.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(t.GetString())
            ? t.GetString()!
            : throw JsonFields.Invalid("'target_engine' is required: the id of a configured engine (a non-empty string).");
        var mode = root.TryGetProperty("switch_mode", out var m)
            ? m.ValueKind == JsonValueKind.String ? m.GetString()! : throw JsonFields.Invalid($"'switch_mode' must be a string ('{SwitchModes.Graceful}'), not {Shown(m.GetRawText())}.")
            : SwitchModes.Graceful;
        var timeout = root.TryGetProperty("timeout_seconds", out var s)
            ? s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var seconds) ? seconds : throw JsonFields.Invalid($"'timeout_seconds' must be a whole number from 1 to {SwitchRequest.MaxTimeoutSeconds}, not {Shown(s.GetRawText())}.")
            : SwitchRequest.DefaultTimeoutSeconds;
        var request = new SwitchRequest(target, mode, timeout, Flag(root, "validate_target"), Flag(root, "rollback_on_failure"), requestedBy);
        return request.Problem() is { } problem ? throw JsonFields.Invalid(problem) : request;
    }

    private static bool Flag(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw JsonFields.Invalid($"'{name}' must be true or false, not {Shown(value.GetRawText())}."),
        };

    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
