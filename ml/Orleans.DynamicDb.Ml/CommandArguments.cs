using System.Globalization;

namespace Orleans.DynamicDb.Ml;

/// <summary><c>--name value</c> pairs of a command line; every read names the option when its value is bad or missing.</summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="args"/>: pairs of an option starting with <c>--</c> and its value.</summary>
    public CommandArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--option value' pairs; '{args[i]}' has no value or is not an option.");
            }

            _values[args[i]] = args[i + 1];
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"{name} is required.");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public double Number(string name, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a number from {min} to {max}; it is '{text}'.");
    }
}
