using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Databases;

/// <summary>One open interactive transaction in the database grain's table (see <c>DatabaseGrain.Transactions.cs</c>).</summary>
internal sealed class GrainTransaction(string id, TransactionOptions options, TimeSpan idleTimeout, IDatabaseTransaction engine, string engineId, DateTimeOffset started, long startedTimestamp)
{
    public string Id => id;

    public string? SessionId => options.SessionId;

    public bool ReadOnly => options.ReadOnly;

    /// <summary>The tier its statements are admitted under (<see cref="TransactionOptions.Tier"/>).</summary>
    public Tiers.Tier Tier => options.Tier;

    public TimeSpan IdleTimeout => idleTimeout;

    /// <summary>The engine's transaction, pinning one connection.</summary>
    public IDatabaseTransaction Engine => engine;

    /// <summary>The engine it runs on (for metrics).</summary>
    public string EngineId => engineId;

    public DateTimeOffset StartedAt { get; } = started;

    /// <summary>When it was opened, for its duration (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long StartedTimestamp => startedTimestamp;

    public DateTimeOffset LastStatementAt { get; set; } = started;

    public int Statements { get; set; }

    /// <summary>The statement running now (one at a time); null between statements.</summary>
    public Task? Running { get; set; }

    /// <summary>Cancelled when the platform ends the transaction while a statement of it runs.</summary>
    public CancellationTokenSource Cancel { get; } = new();

    /// <summary>Why it failed (a statement failed): only a rollback is possible then; null while sound.</summary>
    public string? Failure { get; set; }

    public TransactionActivity ToActivity() =>
        new(id, SessionId, StartedAt, LastStatementAt, Statements, ReadOnly, idleTimeout, Running is not null, Failure);

    public OpenTransaction ToOpen() => new(id, idleTimeout, ReadOnly, StartedAt);
}
