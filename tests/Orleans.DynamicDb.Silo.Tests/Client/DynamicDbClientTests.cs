using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Orleans.DynamicDb.Client;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.SiloInfo;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Client;

public sealed class DynamicDbClientTests
{
    [Fact]
    public async Task The_client_calls_grains_of_the_silo_in_its_process()
    {
        using var data = new TempDirectory();
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "Warning", .. InProcessSilo.OrleansPorts()]);
        builder.AddDynamicDbSilo();
        builder.Services.AddDynamicDbClient();
        await using var app = builder.Build();
        await app.StartAsync();

        var client = app.Services.GetRequiredService<DynamicDbClient>();
        var history = await client.GetGrain<ISiloInfoGrain>(ISiloInfoGrain.LocalKey).GetAsync();

        Assert.Equal(1, history.Starts);
        Assert.Same(app.Services.GetRequiredService<IClusterClient>(), client.Cluster);
        await app.StopAsync();
    }

    [Fact]
    public void Without_a_silo_or_a_remote_client_in_the_host_the_client_says_how_to_get_one()
    {
        var services = new ServiceCollection().AddDynamicDbClient().BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<DynamicDbClient>());

        Assert.Contains("builder.UseDynamicDbClient()", error.Message);
        Assert.Contains("AddDynamicDbSilo()", error.Message);
    }

    [Fact]
    public async Task The_typed_client_of_a_silo_in_its_process_writes_and_reads_a_database()
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path);
        await app.StartAsync();
        var database = new DynamicDbClient(app.Services.GetRequiredService<IClusterClient>()).Database("inproc", "notes");

        await database.ExecAsync("CREATE TABLE notes (text TEXT)");
        await database.ExecAsync("INSERT INTO notes VALUES (?)", "kept in process");
        var rows = await database.QueryAsync("SELECT text FROM notes");

        Assert.Equal("kept in process", Assert.Single(rows.Rows)[0]);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task A_grain_key_must_not_be_empty(string key)
    {
        using var data = new TempDirectory();
        await using var app = InProcessSilo.Build(data.Path);
        var client = new DynamicDbClient(app.Services.GetRequiredService<IClusterClient>());

        Assert.Throws<ArgumentException>(() => client.GetGrain<ISiloInfoGrain>(key));
    }
}
