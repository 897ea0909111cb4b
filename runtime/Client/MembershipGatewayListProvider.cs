using System.Net;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>The silos a membership table lists as Active: every silo of the cluster is a gateway.</summary>
internal sealed class MembershipGatewayListProvider(IMembershipTable table, bool ownsTable) : IGatewayListProvider, IAsyncDisposable
{
    public bool IsUpdatable => true;

    public async Task<IReadOnlyList<IPEndPoint>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAll().WaitAsync(cancellationToken).ConfigureAwait(false);
        return data.Members
            .Where(m => m.Entry.Status == SiloStatus.Active)
            .Select(m => m.Entry.SiloAddress)
            .OrderBy(s => s.Host, StringComparer.Ordinal)
            .ThenBy(s => s.Port)
            .Select(s => s.EndPoint)
            .Distinct()
            .ToList();
    }

    public string Describe() => "the membership table's active silos";

    public async ValueTask DisposeAsync()
    {
        if (!ownsTable)
        {
            return;
        }

        switch (table)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
