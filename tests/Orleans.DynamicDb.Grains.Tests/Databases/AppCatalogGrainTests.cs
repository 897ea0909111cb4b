using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

public sealed class AppCatalogGrainTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public async Task An_app_catalog_lists_its_own_databases_with_status_and_never_wakes_them()
    {
        var settings = new Dictionary<string, string?> { ["DynamicDb:Databases:HibernationTimeout"] = "00:00:01" };
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, settings);
        await cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/orders").CreateAsync();
        await cluster.GrainFactory.GetGrain<IDatabaseGrain>("shop/users").CreateAsync();
        await cluster.GrainFactory.GetGrain<IDatabaseGrain>("blog/posts").CreateAsync();
        var shop = cluster.GrainFactory.GetGrain<IAppCatalogGrain>("shop");

        await TestInfrastructure.Eventually.True(async () => (await shop.GetAsync("orders"))!.Status == DatabaseStatus.Hibernated, "the database hibernates");
        var listed = await shop.ListAsync();
        var status = await shop.GetAsync("orders");

        Assert.Equal(["orders", "users"], listed.Select(d => d.Database));
        Assert.Equal(DatabaseStatus.Hibernated, status!.Status);
        Assert.Null(await shop.GetAsync("never"));
    }

    [Fact]
    public async Task An_app_catalog_with_a_bad_app_name_fails_with_the_name()
    {
        await using var cluster = await DatabaseClusterFactory.StartAsync(_root.Path, new Dictionary<string, string?>());

        var error = await Assert.ThrowsAsync<DynamicDbException>(() => cluster.GrainFactory.GetGrain<IAppCatalogGrain>("Bad_App").ListAsync());

        Assert.Equal(ErrorCodes.DatabaseInvalidName, error.ErrorCode);
        Assert.Contains("'Bad_App'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
