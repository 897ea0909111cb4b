using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Gateway;

/// <summary>The gateway contract on the embedded default: SQLite, nothing configured but the credentials.</summary>
public sealed class SqliteGatewayTests(GatewaySiloFixture fixture) : GatewayContract(fixture)
{
    protected override IEnumerable<string> EngineArguments => [];

    protected override string EngineId => "sqlite";

    protected override string IdColumn => "INTEGER PRIMARY KEY";
}
