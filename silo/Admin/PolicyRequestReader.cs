using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Switching.Policies;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// Reads a <c>POST /v1/admin/policies</c> body into a <see cref="SwitchPolicy"/>: a JSON object with known fields of the
/// right types; a problem is a <see cref="FormatException"/> naming the field and the value.
/// </summary>
internal static class PolicyRequestReader
{
    /// <summary>The largest body read.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "policy_name", "trigger_type", "threshold_value", "target_engine", "enabled", "scale_down_threshold", "apps", "window_seconds",
    };

    /// <summary>The JSON field name of each rule field, for problems found by <see cref="SwitchPolicyRules"/>.</summary>
    public static string FieldName(SwitchPolicyRules.Field field) => field switch
    {
        SwitchPolicyRules.Field.Name => "policy_name",
        SwitchPolicyRules.Field.TriggerType => "trigger_type",
        SwitchPolicyRules.Field.Threshold => "threshold_value",
        SwitchPolicyRules.Field.ScaleDownThreshold => "scale_down_threshold",
        SwitchPolicyRules.Field.TargetEngine => "target_engine",
        SwitchPolicyRules.Field.Apps => "apps",
        _ => "window_seconds",
    };

    public static SwitchPolicy Read(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The body is no valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The body must be a JSON object like {{\"policy_name\":\"slow\",\"trigger_type\":\"performance\",\"threshold_value\":1000,\"target_engine\":\"pg\",\"enabled\":true}}; it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name))
                {
                    throw new FormatException($"'{property.Name}' is no field of a policy; the fields are: {string.Join(", ", Fields)}.");
                }
            }

            var window = Number(root, "window_seconds", required: false);
            return new SwitchPolicy(
                Text(root, "policy_name")!,
                Bool(root, "enabled") ?? true,
                Text(root, "trigger_type")!,
                Number(root, "threshold_value", required: true)!.Value,
                Number(root, "scale_down_threshold", required: false),
                Text(root, "target_engine")!,
                Apps(root),
                window is { } seconds ? Seconds(seconds) : SwitchPolicy.DefaultWindow);
        }
    }

    private static TimeSpan Seconds(double seconds) =>
        seconds is > 0 and <= 86_400 ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"'window_seconds' must be between 1 and 3600; it is {seconds.ToString(CultureInfo.InvariantCulture)}.");

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new FormatException($"'{name}' is required.");
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException($"'{name}' must be a string; it is {Shown(value)}.");
    }

    private static double? Number(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new FormatException($"'{name}' is required.") : null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"'{name}' must be a number; it is {Shown(value)}.");
    }

    private static bool? Bool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new FormatException($"'{name}' must be true or false; it is {Shown(value)}.");
    }

    private static string[] Apps(JsonElement root)
    {
        if (!root.TryGetProperty("apps", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'apps' must be a list of app names; it is {Shown(value)}.");
        }

        return [.. value.EnumerateArray().Select((a, i) => a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new FormatException($"'apps[{i}]' must be an app name; it is {Shown(a)}."))];
    }

    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 64 ? text : text[..64] + "...";
    }
}
