namespace Orleans.DynamicDb.Databases;

/// <summary>
/// What a database runs right now (<see cref="IDatabaseGrain.GetActivityAsync"/>): the statements in flight and the
/// interactive transactions open, for a drain, a switch or failover, and the sessions and admin surface.
/// </summary>
/// <param name="InFlightStatements">Statement calls running now (plain and in transactions).</param>
/// <param name="Transactions">The open interactive transactions, oldest first.</param>
/// <param name="Paused">True while an exclusive operation (switch cut-over, drop, hibernation) holds new statements back.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.DatabaseActivity")]
public sealed record DatabaseActivity(int InFlightStatements, IReadOnlyList<TransactionActivity> Transactions, bool Paused);

/// <summary>One open interactive transaction of <see cref="DatabaseActivity"/>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="SessionId">The session that opened it (<see cref="TransactionOptions.SessionId"/>); null when unknown.</param>
/// <param name="StartedAt">When it was opened.</param>
/// <param name="LastStatementAt">When its last statement started or ended (its idle time counts from here).</param>
/// <param name="Statements">How many statements ran in it.</param>
/// <param name="ReadOnly">True when every statement in it runs read-only.</param>
/// <param name="IdleTimeout">How long it may stay idle before it is rolled back.</param>
/// <param name="Running">True while one of its statements runs.</param>
/// <param name="Failed">Why it failed (a statement failed; only a rollback is possible now); null when it has not.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.TransactionActivity")]
public sealed record TransactionActivity(
    string Id,
    string? SessionId,
    DateTimeOffset StartedAt,
    DateTimeOffset LastStatementAt,
    int Statements,
    bool ReadOnly,
    TimeSpan IdleTimeout,
    bool Running,
    string? Failed);
