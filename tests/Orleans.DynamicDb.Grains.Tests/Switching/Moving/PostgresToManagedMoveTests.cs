using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Moving;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>postgres → postgres-managed: PostgreSQL to PostgreSQL, every type carried as is (binary COPY, text casts).</summary>
[UnsupportedOSPlatform("windows")]
[Collection(PostgresCollection.Name)]
public sealed class PostgresToManagedMoveTests(PostgresFixture postgres, ManagedPostgresFixture managed, ITestOutputHelper output)
    : DatabaseMoverContract(output), IClassFixture<ManagedPostgresFixture>
{
    protected override Task<IDatabaseEngine> CreateSourceAsync() => Task.FromResult(MoveEngines.Postgres("pg", postgres, Loggers));

    protected override Task<IDatabaseEngine> CreateTargetAsync() =>
        Task.FromResult<IDatabaseEngine>(new ManagedPostgresEngine(managed.Options(), Loggers.CreateLogger<ManagedPostgresEngine>()));

    [Fact]
    public async Task Arrays_json_enums_of_the_same_server_kind_and_serial_keys_move_unchanged()
    {
        await SourceDb.ExecAsync(new Statement("""
            CREATE TABLE docs (id serial PRIMARY KEY, tags text[], doc jsonb NOT NULL DEFAULT '{}', at timestamptz DEFAULT now(), amount numeric(40, 20), span int4range)
            """));
        await SourceDb.ExecAsync(new Statement("CREATE INDEX docs_doc ON docs USING gin (doc)"));
        await SourceDb.ExecAsync(new Statement("""
            INSERT INTO docs (tags, doc, amount, span) VALUES ('{a,"b c"}', '{"k": [1, 2.5]}', 12345678901234567890.12345678901234567890, '[1,5)'), (NULL, '[]', NULL, NULL)
            """));
        var plan = await Mover.PlanAsync(Source, Target, Name, CancellationToken.None);
        await Mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        await Mover.CopyAsync(plan, CancellationToken.None);
        await SourceDb.ExecAsync(new Statement("UPDATE docs SET tags = array_append(tags, 'd'), span = '[2,3]' WHERE id = 1"));
        await SourceDb.ExecAsync(new Statement("INSERT INTO docs (doc) VALUES ('{\"new\": true}')"));
        await CatchUpFullyAsync(plan, MoveSide.Source, 0);

        var report = await Mover.ValidateAsync(plan, null, null, CancellationToken.None);
        Assert.True(report.Passed, string.Join("; ", report.Mismatches));
        Assert.Equal(
            await RowsAsync(SourceDb, "SELECT id, tags::text, doc::text, amount::text, span::text FROM docs ORDER BY id"),
            await RowsAsync(TargetDb, "SELECT id, tags::text, doc::text, amount::text, span::text FROM docs ORDER BY id"));
        await TargetDb.ExecAsync(new Statement("INSERT INTO docs DEFAULT VALUES"));
        Assert.Equal(["4|{}|True"], await RowsAsync(TargetDb, "SELECT id, doc::text, at IS NOT NULL FROM docs WHERE id = 4"));
        Assert.Equal(["docs_doc"], await RowsAsync(TargetDb, "SELECT indexname FROM pg_indexes WHERE tablename = 'docs' AND indexname <> 'docs_pkey'"));
    }
}
