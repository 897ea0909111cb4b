using Orleans.DynamicDb.Runtime.Tests.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : AdoNetMembershipTableContractTests
{
    private readonly SqliteTestFile _file = new();

    protected override string Invariant => AdoNetInvariants.InvariantNameSqlite;

    protected override string ConnectionString => _file.ConnectionString;

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;

    protected override Task<object?> ScalarAsync(string sql) => _file.ScalarAsync(sql);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }
}
