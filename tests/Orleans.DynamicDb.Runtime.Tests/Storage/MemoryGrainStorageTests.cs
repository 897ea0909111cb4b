using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageTests : GrainStorageContractTests
{
    protected override Task InitializeStoreAsync() => Task.CompletedTask;

    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage("memory");
}
