using System.Globalization;
using Orleans.DynamicDb.Catalog;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Silo.Tests.Cluster;

/// <summary>
/// N real silo processes in cluster mode (DynamicDb:Cluster) sharing one Redis and one PostgreSQL database, with a
/// shared 'postgres' engine as the default engine and one API key for the app <see cref="App"/> — the configuration
/// deploy/local-cluster.sh writes. Each silo keeps its HTTP port and silo port across restarts.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    public const string App = "demo";
    public const string ApiKey = "cluster-test-key-0123456789abcdef";

    private readonly ClusterServersFixture _servers;
    private readonly string _clusterId = $"t{Guid.NewGuid():N}"[..16];
    private readonly string _stateConnectionString;
    private readonly TempDirectory _directory = new();
    private readonly Member[] _members;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private SiloCluster(ClusterServersFixture servers, string stateConnectionString, int size, IReadOnlyDictionary<string, string>? settings)
    {
        _servers = servers;
        _stateConnectionString = stateConnectionString;
        _settings = settings ?? new Dictionary<string, string>();
        _members = [.. Enumerable.Range(0, size).Select(_ => new Member(FreePort.Next(), FreePort.Next(), FreePort.Next()))];
    }

    public int Count => _members.Length;

    /// <summary>The silo processes; an entry is replaced when that silo restarts.</summary>
    public SiloProcess Silo(int index) => _members[index].Process ?? throw new InvalidOperationException($"Silo {index} is not running.");

    public bool IsRunning(int index) => _members[index].Process is not null;

    public Uri Address(int index) => new($"http://127.0.0.1:{_members[index].HttpPort}");

    /// <summary>The folder of silo <paramref name="index"/> (its <c>DynamicDb:DataDirectory</c>), kept across restarts.</summary>
    public string DataDirectory(int index) => _directory.Combine($"silo-{index}");

    /// <summary>
    /// Makes a fresh cluster (own cluster id, own state database) of <paramref name="size"/> members, starts the first
    /// <paramref name="running"/> (all by default) and waits until they are ready; the others can join later with
    /// <see cref="RestartAsync"/>. <paramref name="settings"/> are extra environment variables of every silo.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(ClusterServersFixture servers, int size, int? running = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var state = await servers.Postgres.CreateDatabaseAsync("cluster");
        var cluster = new SiloCluster(servers, state, size, settings);
        for (var i = 0; i < (running ?? size); i++)
        {
            cluster.Launch(i);
        }

        try
        {
            for (var i = 0; i < (running ?? size); i++)
            {
                await cluster.Silo(i).WaitUntilReadyAsync();
            }
        }
        catch
        {
            // The caller never gets the cluster to dispose: stop the silos launched so far (and their servers) here.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The cluster's catalog (in its PostgreSQL state database), read as the silos write it.</summary>
    public AdoNetDatabaseCatalog Catalog() => new("Npgsql", _stateConnectionString);

    /// <summary>The member whose silo port is in <paramref name="siloAddress"/> (<c>{host}:{port}@{generation}</c>); null when none is.</summary>
    public int? IndexOfSilo(string siloAddress)
    {
        var address = siloAddress[..siloAddress.IndexOf('@', StringComparison.Ordinal)];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var index = Array.FindIndex(_members, m => m.SiloPort == port);
        return index < 0 ? null : index;
    }

    /// <summary>Starts silo <paramref name="index"/> (again, or for the first time: it joins) on its own ports and waits until it is ready.</summary>
    public async Task RestartAsync(int index)
    {
        Launch(index);
        await Silo(index).WaitUntilReadyAsync();
    }

    /// <summary>Kills silo <paramref name="index"/> with SIGKILL, as when its machine dies, and waits for the process to be gone.</summary>
    public async Task KillAsync(int index)
    {
        var silo = Silo(index);
        await silo.SignalAsync("KILL");
        await silo.WaitForExitAsync();
        _members[index].Process = null;
        await silo.DisposeAsync();
    }

    /// <summary>Stops silo <paramref name="index"/> gracefully with SIGINT (Ctrl-C) and returns its exit code.</summary>
    public async Task<int> StopAsync(int index)
    {
        var silo = Silo(index);
        await silo.SignalAsync("INT");
        var code = await silo.WaitForExitAsync(TimeSpan.FromSeconds(90));
        _members[index].Process = null;
        await silo.DisposeAsync();
        return code;
    }

    /// <summary>
    /// The index of the silo that hosts the database grain of <c>{App}/{database}</c>, read from Orleans' Redis grain
    /// directory (key <c>{clusterId}/directory/database/{app}/{database}</c>, a JSON value whose <c>SiloAddress</c> is
    /// <c>{host}:{siloPort}@{generation}</c>);
    /// null while no activation is registered or its silo is not one of ours.
    /// </summary>
    public async Task<int?> HostOfAsync(string database)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis.ConnectionString);
        var value = (string?)await redis.GetDatabase().StringGetAsync($"{_clusterId}/directory/database/{App}/{database}");
        if (value is null)
        {
            return null;
        }

        using var entry = System.Text.Json.JsonDocument.Parse(value);
        return IndexOfSilo(entry.RootElement.GetProperty("SiloAddress").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (member.Process is { } process)
            {
                await process.DisposeAsync();
            }
        }

        _directory.Dispose();
    }

    private void Launch(int index)
    {
        var member = _members[index];
        var postgres = $"Host=127.0.0.1;Port={_servers.Postgres.Port};Username=postgres";
        var environment = new Dictionary<string, string>
        {
            ["DynamicDb__DataDirectory"] = _directory.Combine($"silo-{index}"),
            ["DynamicDb__Cluster__RedisConnectionString"] = _servers.Redis.ConnectionString,
            ["DynamicDb__Cluster__PostgresConnectionString"] = _stateConnectionString,
            ["Orleans__ClusterId"] = _clusterId,
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__Endpoints__SiloPort"] = member.SiloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = member.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["DynamicDb__Engines__0__Id"] = "pg",
            ["DynamicDb__Engines__0__Kind"] = "postgres",
            ["DynamicDb__Engines__0__Default"] = "true",
            ["DynamicDb__Engines__0__ConnectionString"] = $"{postgres};Database=postgres",
            ["DynamicDb__Auth__ApiKeys__0__App"] = App,
            ["DynamicDb__Auth__ApiKeys__0__Key"] = ApiKey,
        };
        foreach (var (name, value) in _settings)
        {
            environment[name] = value;
        }

        member.Process = SiloProcess.Start(member.HttpPort, ["--urls", $"http://127.0.0.1:{member.HttpPort}"], environment);
    }

    private sealed class Member(int httpPort, int siloPort, int gatewayPort)
    {
        public int HttpPort { get; } = httpPort;

        public int SiloPort { get; } = siloPort;

        public int GatewayPort { get; } = gatewayPort;

        public SiloProcess? Process { get; set; }
    }
}
