using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Client;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

/// <summary>The typed client over a remote Orleans client connected to a silo's gateway port.</summary>
public sealed class RemoteClientTests
{
    [Fact]
    public async Task A_remote_client_creates_writes_reads_lists_and_drops_a_database()
    {
        await using var cluster = await RemoteSetup.StartAsync();
        var orders = cluster.Client.Database("remote", "orders");

        var created = await orders.CreateAsync();
        var again = await orders.CreateAsync();
        await orders.ExecAsync("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, qty INTEGER NOT NULL)");
        var inserted = await orders.TransactionAsync([Statement.Of("INSERT INTO orders (item, qty) VALUES (?, ?)", "tea", 2), Statement.Of("INSERT INTO orders (item, qty) VALUES (?, ?)", "cake", 1)]);
        var rows = await orders.QueryAsync("SELECT item, qty FROM orders WHERE qty >= ? ORDER BY id", 1);
        var schema = await orders.GetSchemaAsync();
        var listed = await cluster.Client.ListAsync("remote");
        var info = await orders.GetInfoAsync();

        Assert.True(created.Created);
        Assert.False(again.Created);
        Assert.Equal([1L, 1L], inserted.Select(r => r.RowsAffected));
        Assert.Equal(["item", "qty"], rows.Columns);
        Assert.Equal([["tea", 2L], ["cake", 1L]], rows.Rows.Select(r => r.ToArray()));
        Assert.Equal("orders", Assert.Single(schema.Tables).Name);
        Assert.Equal("orders", Assert.Single(listed).Database);
        Assert.Equal("sqlite", info!.Engine);

        var dropped = await orders.DropAsync();
        Assert.Equal(DatabaseStatus.Dropped, dropped.Info.Status);
        Assert.Empty(await cluster.Client.ListAsync("remote"));
    }

    [Fact]
    public async Task A_grains_error_reaches_the_remote_client_with_its_code()
    {
        await using var cluster = await RemoteSetup.StartAsync();
        var database = cluster.Client.Database("remote", "errors");

        var syntax = await Assert.ThrowsAsync<DynamicDbException>(() => database.ExecAsync("CREATE TABLE (oops"));
        var missing = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.Client.Database("remote", "never").DropAsync());

        Assert.Equal(ErrorCodes.SqlSyntax, syntax.ErrorCode);
        Assert.Equal(ErrorCodes.DatabaseNotFound, missing.ErrorCode);
    }

    [Theory]
    [InlineData("My-App", "orders", "The application name 'My-App' is invalid")]
    [InlineData("app", "Orders", "The database name 'Orders' is invalid")]
    [InlineData("app", "", "The database name '' is invalid")]
    public void Names_are_validated_before_anything_is_called(string app, string database, string expected)
    {
        // A client host that is built but never started: nothing can leave the process.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseDynamicDbClient();
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<DynamicDbClient>();

        var error = Assert.Throws<DynamicDbException>(() => client.Database(app, database));
        var listError = Assert.Throws<DynamicDbException>(() => { _ = client.ListAsync("Bad App"); });

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains(expected, error.Message);
        Assert.Contains("The application name 'Bad App' is invalid", listError.Message);
    }

    /// <summary>A silo in the test process with a known gateway port, and a remote client host connected to it.</summary>
    internal sealed class RemoteSetup : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly WebApplication _silo;
        private readonly IHost _client;

        private RemoteSetup(TempDirectory data, WebApplication silo, IHost client)
        {
            _data = data;
            _silo = silo;
            _client = client;
        }

        public DynamicDbClient Client => _client.Services.GetRequiredService<DynamicDbClient>();

        public static async Task<RemoteSetup> StartAsync()
        {
            var data = new TempDirectory();
            var gateway = FreePort.Next();
            var silo = InProcessSilo.Build(data.Path, "--Orleans:Endpoints:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture));
            await silo.StartAsync();

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseDynamicDbClient(o => o.Gateways = [$"127.0.0.1:{gateway}"]);
            var client = builder.Build();
            await Eventually.Within(client.StartAsync(), "The remote client's start", TimeSpan.FromSeconds(60));
            return new RemoteSetup(data, silo, client);
        }

        public async ValueTask DisposeAsync()
        {
            await _client.StopAsync();
            _client.Dispose();
            await _silo.StopAsync();
            await _silo.DisposeAsync();
            _data.Dispose();
        }
    }
}
