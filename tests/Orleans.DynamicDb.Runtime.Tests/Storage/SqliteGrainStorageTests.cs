namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public sealed class SqliteGrainStorageTests : DurableGrainStorageContractTests
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

    [Fact]
    public async Task The_database_file_is_switched_to_write_ahead_logging()
    {
        await ReadAsync(NewGrainId());

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
    }
}
