using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Switching.Moving;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

public sealed class DatabaseMoverRegistrationTests
{
    [Fact]
    public async Task The_engine_layer_registers_one_database_mover_for_the_silo()
    {
        await using var services = new ServiceCollection().AddDynamicDbEngines().BuildServiceProvider();

        var mover = services.GetRequiredService<DatabaseMover>();

        Assert.Same(mover, services.GetRequiredService<DatabaseMover>());
        Assert.Equal(DatabaseMover.DefaultBatchSize, mover.BatchSize);
    }
}
