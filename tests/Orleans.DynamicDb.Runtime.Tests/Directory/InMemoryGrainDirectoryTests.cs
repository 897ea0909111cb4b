using System.Collections.Concurrent;
using Orleans.DynamicDb.Runtime.GrainDirectory;

namespace Orleans.DynamicDb.Runtime.Tests.GrainDirectory;

public sealed class InMemoryGrainDirectoryTests : GrainDirectoryContractTests
{
    private readonly ConcurrentDictionary<string, InMemoryGrainDirectory> _clusters = new();

    protected override Task<IGrainDirectory> CreateDirectoryAsync(string clusterId) =>
        Task.FromResult<IGrainDirectory>(_clusters.GetOrAdd(clusterId, _ => new InMemoryGrainDirectory()));
}
