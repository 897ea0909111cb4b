namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// One rule of <c>DynamicDb:Tiers:Rules:N</c>: a session whose set fields all match gets <see cref="Tier"/> (source
/// <c>rule</c>, confidence 1). At least one match field must be set.
/// </summary>
public sealed class TierRule
{
    /// <summary>The app, exactly. Default: null (any).</summary>
    public string? App { get; set; }

    /// <summary>The user name the client gave (the app over HTTP), exactly. Default: null (any).</summary>
    public string? User { get; set; }

    /// <summary>The start of the session's <c>application_name</c>, ignoring case. Default: null (any).</summary>
    public string? ApplicationNamePrefix { get; set; }

    /// <summary>The database, exactly. Default: null (any).</summary>
    public string? Database { get; set; }

    /// <summary>The tier given: <c>High</c>, <c>Medium</c>, <c>Low</c> or <c>Background</c>. Required.</summary>
    public string? Tier { get; set; }

    /// <summary>True when at least one match field is set.</summary>
    public bool HasMatch => App is not null || User is not null || ApplicationNamePrefix is not null || Database is not null;

    /// <summary>True when every set field matches the session.</summary>
    public bool Matches(string app, string user, string? applicationName, string database) =>
        (App is null || string.Equals(App, app, StringComparison.Ordinal))
        && (User is null || string.Equals(User, user, StringComparison.Ordinal))
        && (ApplicationNamePrefix is null || (applicationName?.StartsWith(ApplicationNamePrefix, StringComparison.OrdinalIgnoreCase) ?? false))
        && (Database is null || string.Equals(Database, database, StringComparison.Ordinal));

    /// <summary>Reads a tier name (<c>High</c>, <c>medium</c>...); false for anything else, numbers included.</summary>
    public static bool TryParseTier(string? text, out Tier tier)
    {
        tier = default;
        return !string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.TrimStart()[0]) && !text.TrimStart().StartsWith('-')
            && Enum.TryParse(text, ignoreCase: true, out tier) && Enum.IsDefined(tier);
    }
}
