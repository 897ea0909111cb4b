using Orleans.DynamicDb.Runtime.Tests.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : DurableReminderTableContractTests
{
    private readonly SqliteTestFile _file = new();

    protected override string Invariant => AdoNetInvariants.InvariantNameSqlite;

    protected override string ConnectionString => _file.ConnectionString;

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    protected override Task InitializeStoreAsync() => Task.CompletedTask;

    protected override Task<object?> ScalarAsync(string sql) => _file.ScalarAsync(sql);
}
