using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>Transaction control belongs to the API, on the embedded SQLite engine.</summary>
public sealed class SqliteTransactionControlTests(GatewaySiloFixture fixture) : TransactionControlContract(fixture)
{
    protected override IEnumerable<string> EngineArguments => [];

    [Theory]
    [InlineData("BEGIN IMMEDIATE")]
    [InlineData("BEGIN EXCLUSIVE TRANSACTION")]
    [InlineData("BEGIN DEFERRED")]
    [InlineData("COMMIT TRANSACTION")]
    [InlineData("END TRANSACTION")]
    public Task SQLites_own_forms_of_transaction_control_are_refused(string sql) => AssertRefusedInExecAndQueryAsync(sql);
}
