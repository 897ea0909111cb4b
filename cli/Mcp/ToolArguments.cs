using System.Text.Json;

namespace Orleans.DynamicDb.Cli.Mcp;

/// <summary>
/// The arguments of one tool call, read with checks: a missing required argument, a value of the wrong JSON type, a
/// value outside its range or an argument the tool does not have become a <see cref="ToolArgumentException"/> naming it.
/// </summary>
public sealed class ToolArguments
{
    private readonly IReadOnlyDictionary<string, JsonElement> _values;

    /// <summary>Wraps the call's arguments (none is an empty set).</summary>
    public ToolArguments(IDictionary<string, JsonElement>? values)
    {
        _values = values is null
            ? new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(values, StringComparer.Ordinal);
    }

    /// <summary>Refuses any argument not in <paramref name="known"/>, naming it and the tool's arguments.</summary>
    public void OnlyKnown(string tool, IReadOnlyCollection<string> known)
    {
        foreach (var name in _values.Keys)
        {
            if (!known.Contains(name))
            {
                var list = known.Count == 0 ? "none" : string.Join(", ", known);
                throw new ToolArgumentException(name, $"Unknown argument '{name}' for {tool}; its arguments are: {list}.");
            }
        }
    }

    /// <summary>A required non-empty string.</summary>
    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolArgumentException(name, $"The argument '{name}' is required (a non-empty string).");

    /// <summary>An optional string; present but empty, or not a string, is refused.</summary>
    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Mistyped(name, "a string", value);
        }

        var text = value.GetString()!;
        return string.IsNullOrWhiteSpace(text)
            ? throw new ToolArgumentException(name, $"The argument '{name}' must not be empty.")
            : text;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (ordinal, ignoring case); <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, IReadOnlyList<string> allowed, string? fallback)
    {
        var text = OptionalString(name);
        if (text is null)
        {
            return fallback ?? throw new ToolArgumentException(name, $"The argument '{name}' is required: one of {string.Join(", ", allowed)}.");
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolArgumentException(name, $"The argument '{name}' is '{Shown(text)}'; it must be one of {string.Join(", ", allowed)}.");
    }

    /// <summary>A boolean; <paramref name="fallback"/> when absent.</summary>
    public bool Boolean(string name, bool fallback)
    {
        if (!TryGet(name, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Mistyped(name, "true or false", value),
        };
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="fallback"/> when absent.</summary>
    public int Integer(string name, int min, int max, int? fallback)
    {
        if (!TryGet(name, out var value))
        {
            return fallback ?? throw new ToolArgumentException(name, $"The argument '{name}' is required (a whole number from {min} to {max}).");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Mistyped(name, $"a whole number from {min} to {max}", value);
        }

        return number < min || number > max
            ? throw new ToolArgumentException(name, $"The argument '{name}' is {number}; it must be from {min} to {max}.")
            : (int)number;
    }

    /// <summary>A required finite number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public double Number(string name, double min, double max)
    {
        if (!TryGet(name, out var value))
        {
            throw new ToolArgumentException(name, $"The argument '{name}' is required (a number from {min} to {max}).");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw Mistyped(name, $"a number from {min} to {max}", value);
        }

        return number < min || number > max
            ? throw new ToolArgumentException(name, $"The argument '{name}' is {number}; it must be from {min} to {max}.")
            : number;
    }

    /// <summary>An optional array of strings, each one of <paramref name="allowed"/>; empty or absent gives <c>null</c>.</summary>
    public IReadOnlyList<string>? Choices(string name, IReadOnlyList<string> allowed)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Mistyped(name, $"an array of strings ({string.Join(", ", allowed)})", value);
        }

        var chosen = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Mistyped($"{name}[{index}]", "a string", item);
            var match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
                ?? throw new ToolArgumentException(name, $"The argument '{name}[{index}]' is '{Shown(text)}'; it must be one of {string.Join(", ", allowed)}.");
            if (!chosen.Contains(match))
            {
                chosen.Add(match);
            }

            index++;
        }

        return chosen.Count == 0 ? null : chosen;
    }

    /// <summary>An optional array of scalar values (string, number, boolean, null), as given.</summary>
    public IReadOnlyList<JsonElement> Scalars(string name)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Mistyped(name, "an array of values (strings, numbers, booleans or null)", value);
        }

        var items = value.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                throw Mistyped($"{name}[{i}]", "a string, number, boolean or null", items[i]);
            }
        }

        return items;
    }

    private bool TryGet(string name, out JsonElement value) =>
        _values.TryGetValue(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static ToolArgumentException Mistyped(string name, string expected, JsonElement value) =>
        new(name, $"The argument '{name}' must be {expected}, not {Shown(value.GetRawText())}.");

    private static string Shown(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
