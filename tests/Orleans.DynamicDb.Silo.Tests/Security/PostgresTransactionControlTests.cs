using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>Transaction control belongs to the API, on a registered PostgreSQL server (a real one, started for the test run).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTransactionControlTests(PostgresFixture postgres, GatewaySiloFixture fixture) : TransactionControlContract(fixture)
{
    protected override IEnumerable<string> EngineArguments =>
    [
        "--DynamicDb:Engines:0:Id", "pg",
        "--DynamicDb:Engines:0:Kind", "postgres",
        "--DynamicDb:Engines:0:ConnectionString", postgres.Server.ConnectionString,
    ];

    [Theory]
    [InlineData("START TRANSACTION")]
    [InlineData("START TRANSACTION ISOLATION LEVEL SERIALIZABLE")]
    [InlineData("BEGIN WORK")]
    [InlineData("COMMIT WORK")]
    [InlineData("ABORT")]
    [InlineData("COMMIT AND CHAIN")]
    [InlineData("PREPARE TRANSACTION 'tx1'")]
    [InlineData("COMMIT PREPARED 'tx1'")]
    [InlineData("ROLLBACK PREPARED 'tx1'")]
    public Task PostgreSQLs_own_forms_of_transaction_control_are_refused(string sql) => AssertRefusedInExecAndQueryAsync(sql);
}
