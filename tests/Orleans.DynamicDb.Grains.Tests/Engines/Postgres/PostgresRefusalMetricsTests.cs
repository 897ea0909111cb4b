using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Postgres;

/// <summary>Statements PostgreSQL refuses to a tenant role, and transaction control the engine refuses, are counted.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRefusalMetricsTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _loggers = TestOutputLoggerProvider.CreateFactory(output);
    private readonly MetricRecorder _recorder = MetricRecorder.WithOwnFactory(EngineMetrics.RefusedInstrument);
    private PostgresEngine _engine = null!;
    private IDatabaseConnection _db = null!;

    public async Task InitializeAsync()
    {
        _engine = new PostgresEngine(
            new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString },
            _loggers.CreateLogger<PostgresEngine>(), metrics: new EngineMetrics(_recorder.Factory));
        _db = await _engine.OpenAsync(DatabaseName.Create("metrics", "db_" + Guid.NewGuid().ToString("N")[..12]));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _engine.DisposeAsync();
        _recorder.Dispose();
        _loggers.Dispose();
    }

    [Fact]
    public async Task A_refused_copy_to_program_counts_one_refusal_tagged_postgres_and_permission()
    {
        var refused = await Assert.ThrowsAsync<DynamicDbException>(() => _db.ExecAsync(new Statement("COPY (SELECT 1) TO PROGRAM 'true'")));

        Assert.Equal(ErrorCodes.SqlNotAllowed, refused.ErrorCode);
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument, ("engine.kind", "postgres"), ("construct", "permission")));
        Assert.Equal(1, _recorder.Sum(EngineMetrics.RefusedInstrument));
    }

    [Fact]
    public async Task Transaction_control_is_counted_once_in_exec_and_in_a_transaction_and_a_syntax_error_not_at_all()
    {
        await Assert.ThrowsAsync<DynamicDbException>(() => _db.ExecAsync(new Statement("COMMIT")));
        await Assert.ThrowsAsync<DynamicDbException>(() => _db.TransactionAsync([new Statement("SELECT 1"), new Statement("ROLLBACK")]));
        await Assert.ThrowsAsync<DynamicDbException>(() => _db.ExecAsync(new Statement("SELEC 1")));

        Assert.Equal(2, _recorder.Sum(EngineMetrics.RefusedInstrument, ("engine.kind", "postgres"), ("construct", "transaction_control")));
        Assert.Equal(2, _recorder.Sum(EngineMetrics.RefusedInstrument));
    }
}
