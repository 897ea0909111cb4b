using System.Globalization;

namespace Orleans.DynamicDb.Runtime;

/// <summary>Overrides the response timeout for one interface method, e.g. [ResponseTimeout("00:00:05")].</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    public TimeSpan Timeout { get; } = TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
        ? value
        : throw new ArgumentException($"'{timeout}' is not a positive time span such as '00:00:05'.", nameof(timeout));
}
