using System.Net;
using System.Net.Sockets;
using Orleans.DynamicDb.Engines.Managed;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Managed;

public sealed class PortAllocatorTests
{
    private static (TcpListener Listener, int Port) Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return (listener, ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    [Fact]
    public void A_free_preferred_port_is_leased_and_not_handed_out_twice()
    {
        var (listener, port) = Listen();
        listener.Stop();
        var allocator = new PortAllocator(port, port);

        Assert.Equal(port, allocator.Lease(port));
        var error = Assert.Throws<DynamicDbException>(() => allocator.Lease(port));

        Assert.Equal(ErrorCodes.EngineUnavailable, error.ErrorCode);
        Assert.True(error.IsTransient);
        allocator.Release(port);
        Assert.Equal(port, allocator.Lease(null));
    }

    [Fact]
    public void A_port_another_process_listens_on_is_skipped()
    {
        var (listener, port) = Listen();
        using (listener.Server)
        {
            var allocator = new PortAllocator(port, port);

            Assert.False(PortAllocator.IsBindable(port));
            Assert.Throws<DynamicDbException>(() => allocator.Lease(port));
        }
    }

    [Fact]
    public void A_preferred_port_outside_the_range_is_ignored()
    {
        var (listener, port) = Listen();
        listener.Stop();
        var allocator = new PortAllocator(port, port);

        Assert.Equal(port, allocator.Lease(port == 65535 ? 1 : port + 1));
    }
}
