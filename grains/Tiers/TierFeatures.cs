using Microsoft.ML.Data;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// The classifier's input: the numbers of a session's connection profile that say what kind of client it is (ml/README.md).
/// One row of the training data (<c>ml/data/traces.csv</c>, columns in this order, then <see cref="Label"/>) and what the
/// model scores at run time. Names and order are the model file's schema: change them only together with a retrained model.
/// </summary>
public sealed class TierFeatures
{
    /// <summary>1 for a PostgreSQL wire connection, 0 for an HTTP client.</summary>
    [LoadColumn(0)]
    public float PgWire { get; set; }

    /// <summary>1 when the credential is a read-only key.</summary>
    [LoadColumn(1)]
    public float ReadOnlyKey { get; set; }

    /// <summary>1 when the credential is an admin key.</summary>
    [LoadColumn(2)]
    public float AdminKey { get; set; }

    /// <summary>Statements per second over the session's life so far.</summary>
    [LoadColumn(3)]
    public float RatePerSecond { get; set; }

    /// <summary>The fraction of statements that only read (0–1).</summary>
    [LoadColumn(4)]
    public float ReadRatio { get; set; }

    /// <summary>Statements per committed or rolled-back transaction (1 for autocommit traffic).</summary>
    [LoadColumn(5)]
    public float StatementsPerTransaction { get; set; }

    /// <summary>The fraction of statements run inside an explicit transaction (0–1).</summary>
    [LoadColumn(6)]
    public float InTransactionRatio { get; set; }

    /// <summary>Median statement latency, milliseconds.</summary>
    [LoadColumn(7)]
    public float P50Ms { get; set; }

    /// <summary>99th-percentile statement latency, milliseconds.</summary>
    [LoadColumn(8)]
    public float P99Ms { get; set; }

    /// <summary>Rows returned per statement.</summary>
    [LoadColumn(9)]
    public float RowsPerStatement { get; set; }

    /// <summary>Bytes returned per statement.</summary>
    [LoadColumn(10)]
    public float BytesPerStatement { get; set; }

    /// <summary>Server time per statement, milliseconds.</summary>
    [LoadColumn(11)]
    public float ServerTimePerStatementMs { get; set; }

    /// <summary>The fraction of statements that failed (0–1).</summary>
    [LoadColumn(12)]
    public float ErrorRatio { get; set; }

    /// <summary>log(1 + statements run so far): tells a brand-new session from an established one.</summary>
    [LoadColumn(13)]
    public float LogStatements { get; set; }

    /// <summary>The tier the training rule gave this row (<c>High</c>, <c>Medium</c>, <c>Low</c>, <c>Background</c>); empty when scoring.</summary>
    [LoadColumn(14)]
    public string Label { get; set; } = string.Empty;

    /// <summary>The features of <paramref name="profile"/> as it is now.</summary>
    public static TierFeatures From(SessionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var load = profile.Load;
        var statements = Math.Max(1, load.Statements);
        return new TierFeatures
        {
            PgWire = profile.Protocol == SessionProtocols.PgWire ? 1 : 0,
            ReadOnlyKey = profile.Privilege == SessionPrivileges.ReadOnly ? 1 : 0,
            AdminKey = profile.Privilege == SessionPrivileges.Admin ? 1 : 0,
            RatePerSecond = (float)load.RatePerSecond,
            ReadRatio = (float)load.ReadRatio,
            StatementsPerTransaction = (float)load.StatementsPerTransaction,
            InTransactionRatio = (float)load.InTransaction / statements,
            P50Ms = (float)load.P50Ms,
            P99Ms = (float)load.P99Ms,
            RowsPerStatement = (float)load.Rows / statements,
            BytesPerStatement = (float)load.Bytes / statements,
            ServerTimePerStatementMs = (float)load.ServerTimePerStatementMs,
            ErrorRatio = (float)load.Errors / statements,
            LogStatements = (float)Math.Log(1 + load.Statements),
        };
    }
}
