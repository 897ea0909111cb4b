using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security.Infrastructure;

/// <summary>
/// The other app's database an attack aims at: a table <c>secret</c> seeded by its owner with values no other test
/// writes, so an answer holding one of them proves a read, and a changed row set proves a write.
/// </summary>
internal sealed class VictimDatabase
{
    private VictimDatabase(GatewayClient owner, string app, string database, IReadOnlyList<string> secrets)
    {
        Owner = owner;
        App = app;
        Database = database;
        Secrets = secrets;
    }

    public GatewayClient Owner { get; }

    public string App { get; }

    /// <summary>The database name as its owner sends it.</summary>
    public string Database { get; }

    /// <summary>The database's full name on the engine: <c>{app}_{database}</c> (its folder, or its PostgreSQL database).</summary>
    public string FullName => $"{App}_{Database}";

    public IReadOnlyList<string> Secrets { get; }

    /// <summary>Creates the database through its owner (<paramref name="app"/>) with two secret rows.</summary>
    public static async Task<VictimDatabase> SeedAsync(GatewayClient owner, string app)
    {
        var victim = Existing(owner, app, TestDatabases.New("victim"));
        (await owner.ExecAsync(victim.Database, "CREATE TABLE secret (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")).EnsureOk();
        (await owner.ExecAsync(victim.Database, "INSERT INTO secret (id, value) VALUES (1, ?), (2, ?)", victim.Secrets[0], victim.Secrets[1])).EnsureOk();
        return victim;
    }

    /// <summary>A database seeded earlier by <see cref="SeedAsync"/> (its secrets follow from its name, unique in the run).</summary>
    public static VictimDatabase Existing(GatewayClient owner, string app, string database) =>
        new(owner, app, database, [$"secret-one-{database}", $"secret-two-{database}"]);

    /// <summary>Its owner still reads exactly the seeded rows: nothing added, changed or removed.</summary>
    public async Task AssertIntactAsync()
    {
        var rows = await Owner.RowsAsync(Database, "SELECT id, value FROM secret ORDER BY id");
        var actual = rows.Select(r => $"{r.GetProperty("id").GetInt64()}={r.GetProperty("value").GetString()}").ToArray();
        Assert.Equal([$"1={Secrets[0]}", $"2={Secrets[1]}"], actual);
    }

    /// <summary>None of the attacker's answers holds a secret value of this database.</summary>
    public void AssertUnread(params GatewayResponse[] answers)
    {
        foreach (var answer in answers)
        {
            foreach (var secret in Secrets)
            {
                Assert.False(answer.Body.Contains(secret, StringComparison.Ordinal), $"The attacker read the other app's data: {answer.Body}");
            }
        }
    }
}
