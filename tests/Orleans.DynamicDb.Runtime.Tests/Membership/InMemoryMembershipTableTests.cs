using System.Collections.Concurrent;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    private readonly ConcurrentDictionary<string, InMemoryMembershipTable> _clusters = new();

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) =>
        Task.FromResult<IMembershipTable>(_clusters.GetOrAdd(clusterId, id => new InMemoryMembershipTable(id)));

    [Fact]
    public async Task Deleting_another_cluster_leaves_this_one_alone()
    {
        await InsertAsync(NewEntry(NewSilo()));

        await Table.DeleteMembershipTableEntries(NewClusterId());

        Assert.Single((await Table.ReadAll()).Members);
    }
}
