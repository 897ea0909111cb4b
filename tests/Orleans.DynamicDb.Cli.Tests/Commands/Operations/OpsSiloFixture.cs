using System.Security.Cryptography;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Commands.Operations;

/// <summary>
/// One real silo process for the operations commands: two SQLite engines (<c>sqlite</c>, the default, and
/// <c>second</c>) to switch between, policies evaluated every second without cooldown, and policy switches waiting for
/// an admin's approval. Apps: <c>opsapp</c> (manual switches) and <c>policyapp</c> (the approval tests' policies).
/// </summary>
public sealed class OpsSiloFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private SiloProcess? _silo;

    /// <summary>The API key of <c>opsapp</c>.</summary>
    public string AppKey { get; } = NewKey();

    /// <summary>The API key of <c>policyapp</c>.</summary>
    public string PolicyAppKey { get; } = NewKey();

    /// <summary>An admin key named <c>ops-tests</c>.</summary>
    public string AdminKey { get; } = NewKey();

    /// <summary>The silo's address.</summary>
    public string Url => (_silo ?? throw new InvalidOperationException("The silo is not started.")).Address.ToString().TrimEnd('/');

    /// <summary>The silo's catalog database (its audit log).</summary>
    public string CatalogPath => Path.Combine(_data.Path, "silo", "catalog.db");

    /// <summary>The silo's console output so far.</summary>
    public string Output => _silo?.Output ?? "";

    /// <summary>A runner pointed at this silo with <c>opsapp</c>'s key and the admin key.</summary>
    public CliRunner Runner() => new CliRunner()
        .WithVariable("DYNDB_URL", Url)
        .WithVariable("DYNDB_KEY", AppKey)
        .WithVariable("DYNDB_ADMIN_KEY", AdminKey);

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(
            _data.Path,
            "--Logging:LogLevel:Default", "Warning",
            "--DynamicDb:Auth:ApiKeys:0:App", "opsapp",
            "--DynamicDb:Auth:ApiKeys:0:Key", AppKey,
            "--DynamicDb:Auth:ApiKeys:1:App", "policyapp",
            "--DynamicDb:Auth:ApiKeys:1:Key", PolicyAppKey,
            "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
            "--DynamicDb:Auth:AdminKeys:0:Name", "ops-tests",
            "--DynamicDb:Engines:0:Id", "sqlite",
            "--DynamicDb:Engines:0:Kind", "sqlite",
            "--DynamicDb:Engines:0:Default", "true",
            "--DynamicDb:Engines:1:Id", "second",
            "--DynamicDb:Engines:1:Kind", "sqlite",
            "--DynamicDb:Engines:1:DataDirectory", "second",
            "--DynamicDb:Switching:RequireAdminApproval", "true",
            "--DynamicDb:Switching:CooldownSeconds", "0",
            "--DynamicDb:Switching:MaxSwitchesPerHour", "1000",
            "--DynamicDb:Switching:EvaluationInterval", "00:00:01");
        await _silo.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

/// <summary>The operations tests that share one <see cref="OpsSiloFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class OpsSiloCollection : ICollectionFixture<OpsSiloFixture>
{
    public const string Name = "CLI operations against a silo with two engines";
}
