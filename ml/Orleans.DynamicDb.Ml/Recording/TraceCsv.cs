using System.Globalization;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>
/// The trace file's format: the 14 <see cref="TierFeatures"/> columns and <c>Label</c> in the schema's order (so its
/// <c>LoadColumn</c> indexes read it), then bookkeeping columns the trainer never uses as features.
/// </summary>
public static class TraceCsv
{
    /// <summary>The feature columns, in <see cref="TierFeatures"/>' order.</summary>
    public static readonly string[] FeatureColumns =
    [
        nameof(TierFeatures.PgWire), nameof(TierFeatures.ReadOnlyKey), nameof(TierFeatures.AdminKey), nameof(TierFeatures.RatePerSecond),
        nameof(TierFeatures.ReadRatio), nameof(TierFeatures.StatementsPerTransaction), nameof(TierFeatures.InTransactionRatio),
        nameof(TierFeatures.P50Ms), nameof(TierFeatures.P99Ms), nameof(TierFeatures.RowsPerStatement), nameof(TierFeatures.BytesPerStatement),
        nameof(TierFeatures.ServerTimePerStatementMs), nameof(TierFeatures.ErrorRatio), nameof(TierFeatures.LogStatements),
    ];

    /// <summary>The header line.</summary>
    public static string Header { get; } = string.Join(',', FeatureColumns) + ",Label,SessionId,Workload,Declared,SnapshotAt";

    /// <summary>The 14 feature values of <paramref name="f"/>, in column order.</summary>
    public static float[] Values(TierFeatures f) =>
    [
        f.PgWire, f.ReadOnlyKey, f.AdminKey, f.RatePerSecond, f.ReadRatio, f.StatementsPerTransaction, f.InTransactionRatio,
        f.P50Ms, f.P99Ms, f.RowsPerStatement, f.BytesPerStatement, f.ServerTimePerStatementMs, f.ErrorRatio, f.LogStatements,
    ];

    /// <summary>Features from the 14 values in column order.</summary>
    public static TierFeatures FromValues(IReadOnlyList<float> v, string label) => new()
    {
        PgWire = v[0], ReadOnlyKey = v[1], AdminKey = v[2], RatePerSecond = v[3], ReadRatio = v[4], StatementsPerTransaction = v[5],
        InTransactionRatio = v[6], P50Ms = v[7], P99Ms = v[8], RowsPerStatement = v[9], BytesPerStatement = v[10],
        ServerTimePerStatementMs = v[11], ErrorRatio = v[12], LogStatements = v[13], Label = label,
    };

    /// <summary>A copy of <paramref name="f"/> without its label: what the model scores at run time.</summary>
    public static TierFeatures Unlabelled(TierFeatures f) => FromValues(Values(f), string.Empty);

    /// <summary>A float as text that reads back to the same float.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float written by <see cref="Format"/>; fails naming the column and the text.</summary>
    public static float Parse(string text, string column) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Column '{column}' must be a number; it is '{text}'.");

    /// <summary>One row.</summary>
    public static string Row(TierFeatures features, string label, string sessionId, string workload, Tier declared, DateTimeOffset at) =>
        string.Join(',', Values(features).Select(Format)) + $",{label},{sessionId},{workload},{declared},{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}";
}
