namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// sqlite: the size limits every connection of the engine gets (<c>sqlite3_limit</c>), bound from
/// <c>DynamicDb:Engines:{i}:SqliteLimits</c>. They bound what one tenant statement can make SQLite parse, nest, match or
/// allocate. Attaching databases is always disabled (<c>SQLITE_LIMIT_ATTACHED</c> 0) and is not a setting. Each value
/// must lie between its documented minimum and the maximum the bundled SQLite was compiled with.
/// </summary>
public sealed class SqliteLimitOptions
{
    /// <summary>The configuration key under an engine entry.</summary>
    public const string SectionName = "SqliteLimits";

    /// <summary>The longest SQL text of one request, in UTF-8 bytes (1 KiB–1,000,000,000). Default: 1 MiB (1,048,576).</summary>
    public int MaxSqlLength { get; set; } = 1024 * 1024;

    /// <summary>The deepest expression tree (nested operators, a long chain of <c>OR</c>s, sub-queries) (10–1000). Default: 500.</summary>
    public int MaxExpressionDepth { get; set; } = 500;

    /// <summary>The longest <c>LIKE</c> or <c>GLOB</c> pattern, in bytes (10–50,000). Default: 1000.</summary>
    public int MaxLikePatternLength { get; set; } = 1000;

    /// <summary>The largest string, BLOB or row SQLite may build, in bytes (1 KiB–1,000,000,000). Default: 32 MiB (33,554,432).</summary>
    public int MaxValueLength { get; set; } = 32 * 1024 * 1024;

    /// <summary>The most terms in one compound <c>SELECT</c> (<c>UNION</c>, <c>EXCEPT</c>, ...) (2–500). Default: 500.</summary>
    public int MaxCompoundSelect { get; set; } = 500;

    /// <summary>The highest <c>?NNN</c> parameter number of a statement (1–32,766). Default: 32,766.</summary>
    public int MaxVariableNumber { get; set; } = 32766;

    /// <summary>The deepest chain of triggers firing triggers (1–1000). Default: 100.</summary>
    public int MaxTriggerDepth { get; set; } = 100;

    /// <summary>Adds a failure naming the setting for every value outside its range; <paramref name="at"/> is the engine entry's key.</summary>
    internal static void Validate(SqliteLimitOptions? limits, string at, List<string> failures)
    {
        if (limits is null)
        {
            failures.Add($"{at}:{SectionName}: must not be null.");
            return;
        }

        Check(limits.MaxSqlLength, 1024, 1_000_000_000, nameof(MaxSqlLength));
        Check(limits.MaxExpressionDepth, 10, 1000, nameof(MaxExpressionDepth));
        Check(limits.MaxLikePatternLength, 10, 50_000, nameof(MaxLikePatternLength));
        Check(limits.MaxValueLength, 1024, 1_000_000_000, nameof(MaxValueLength));
        Check(limits.MaxCompoundSelect, 2, 500, nameof(MaxCompoundSelect));
        Check(limits.MaxVariableNumber, 1, 32766, nameof(MaxVariableNumber));
        Check(limits.MaxTriggerDepth, 1, 1000, nameof(MaxTriggerDepth));

        void Check(int value, int min, int max, string setting) =>
            EngineOptionsValidator.Require(value >= min && value <= max,
                $"{at}:{SectionName}:{setting}: must be between {min} and {max}, not {value}.", failures);
    }
}
