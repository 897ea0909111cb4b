using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Databases;

/// <summary>Interactive transactions: the contract is in <see cref="IDatabaseGrain"/>; being built on branch h12txcore.</summary>
internal sealed partial class DatabaseGrain
{
    public Task<OpenTransaction> BeginTransactionAsync(TransactionOptions options, CancellationToken cancellationToken) =>
        throw NotYet();

    public Task<ExecResult> ExecInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken) =>
        throw NotYet();

    public Task<QueryResult> QueryInTransactionAsync(string transactionId, Statement statement, CancellationToken cancellationToken) =>
        throw NotYet();

    public Task CommitTransactionAsync(string transactionId, CancellationToken cancellationToken) => throw NotYet();

    public Task RollbackTransactionAsync(string transactionId, CancellationToken cancellationToken) => throw NotYet();

    private static DynamicDbException NotYet() =>
        new(ErrorCodes.RequestInvalid, "Interactive transactions are not built yet (placeholder on the contract branch).");
}
