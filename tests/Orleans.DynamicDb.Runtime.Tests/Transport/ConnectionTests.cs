using System.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Serialization;
using Orleans.DynamicDb.Runtime.Tests.Serialization;
using Orleans.DynamicDb.Runtime.Transport;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

public sealed class ConnectionTests
{
    [Fact]
    public async Task A_request_gets_its_response_over_loopback_tcp()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, new Small("a", 1)));

        Assert.Equal(ResponseStatus.Ok, response.Status);
        Assert.Equal(new Small("a", 1), response.Result);
    }

    [Fact]
    public async Task The_handshake_tells_each_side_who_the_other_is()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client("client-7"));

        var seenByServer = await connection.SendRequestAsync(TestHandler.Request(TestHandler.WhoAmI));

        Assert.Equal(Loopback.AddressOf(listener), connection.RemoteIdentity.Silo);
        Assert.Equal("client client-7", seenByServer.Result);
    }

    [Fact]
    public async Task A_thousand_concurrent_requests_are_multiplexed_on_one_connection()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var responses = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i =>
            Task.Run(() => connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, i)))));

        Assert.Equal(Enumerable.Range(0, 1_000).Cast<object>(), responses.Select(r => r.Result));
        Assert.Single(listener.Connections);
        Assert.Equal(0, connection.PendingRequestCount);
    }

    [Fact]
    public async Task An_exception_thrown_by_the_handler_reaches_the_caller_with_its_type_and_error_code()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Throw, "engine.down"));

        Assert.Equal(ResponseStatus.Exception, response.Status);
        var exception = Assert.IsType<CodedException>(response.Exception);
        Assert.Equal(("engine.down", true, "the handler failed"), (exception.ErrorCode, exception.IsTransient, exception.Message));
        Assert.Contains(nameof(TestHandler.HandleRequestAsync), exception.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_tells_the_caller_to_resolve_the_grain_again()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Reject));

        Assert.Equal((ResponseStatus.Rejected, RejectionReason.GrainNotHere, "the grain moved"), (response.Status, response.Rejection, response.RejectionMessage));
    }

    [Fact]
    public async Task A_side_without_a_handler_rejects_requests_as_silo_unavailable()
    {
        await using var listener = Loopback.Silo(handler: null);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, 1));

        Assert.Equal(RejectionReason.SiloUnavailable, response.Rejection);
    }

    [Fact]
    public async Task One_way_requests_are_delivered_in_order_without_a_response()
    {
        var handler = new TestHandler();
        await using var listener = Loopback.Silo(handler);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        for (var i = 0; i < 10; i++)
        {
            await connection.SendOneWayAsync(TestHandler.Request(TestHandler.Echo, i));
        }

        var received = new List<object?>();
        for (var i = 0; i < 10; i++)
        {
            var request = await Eventually.Within(handler.OneWays.Reader.ReadAsync().AsTask(), "one-way request");
            Assert.True(request.IsOneWay);
            received.Add(request.Arguments[0]);
        }

        Assert.Equal(10, received.Count);
        Assert.Equal(Enumerable.Range(0, 10).Cast<object?>().ToHashSet(), received.ToHashSet());
        Assert.Equal(0, connection.PendingRequestCount);
    }

    [Fact]
    public async Task Payloads_of_several_megabytes_travel_both_ways()
    {
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());
        var payload = new byte[6 * 1024 * 1024];
        new Random(3).NextBytes(payload);

        var responses = await Task.WhenAll(
            connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, payload)),
            connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, "small, overtaking nothing")));

        Assert.Equal(payload, responses[0].Result);
        Assert.Equal("small, overtaking nothing", responses[1].Result);
    }

    [Fact]
    public async Task A_request_over_the_frame_limit_fails_before_it_is_sent_and_the_connection_stays_open()
    {
        var options = Loopback.Options(o => o.MaxFrameSize = 64 * 1024);
        await using var listener = Loopback.Silo(new TestHandler(), options: options);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client(options: options));

        var error = await Assert.ThrowsAsync<TransportException>(() => connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, new byte[100_000])));
        var after = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, "still open"));

        Assert.Equal(TransportError.FrameTooLarge, error.Error);
        Assert.Equal("still open", after.Result);
    }

    [Fact]
    public async Task A_response_over_the_frame_limit_reaches_the_caller_as_an_error_instead_of_silence()
    {
        var small = Loopback.Options(o => o.MaxFrameSize = 64 * 1024);
        await using var listener = Loopback.Silo(new TestHandler(), options: small);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Expand, 100_000));

        Assert.Equal(ResponseStatus.Exception, response.Status);
        Assert.Contains("MaxFrameSize", response.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_accepting_side_can_call_back_over_the_same_connection()
    {
        var clientHandler = new TestHandler();
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client(handler: clientHandler));
        await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, 0));

        var accepted = Assert.Single(listener.Connections);
        var response = await accepted.SendRequestAsync(TestHandler.Request(TestHandler.Echo, "from the silo"));

        Assert.Equal("from the silo", response.Result);
        Assert.True(accepted.RemoteIdentity.IsClient);
    }

    [Fact]
    public async Task A_request_past_its_timeout_fails_with_a_timeout_exception_naming_it()
    {
        var time = new ManualTimeProvider();
        var handler = new TestHandler();
        await using var listener = Loopback.Silo(handler);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client(time: time));

        var pending = connection.SendRequestAsync(TestHandler.Timed(TimeSpan.FromSeconds(2), TestHandler.Block));
        await handler.WaitForBlockedAsync(1);
        time.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => pending);
        Assert.Contains("ITestGrain#2", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsClosed);
        handler.Gate.SetResult();
    }

    [Fact]
    public async Task Cancelling_one_request_leaves_the_others_alone()
    {
        var handler = new TestHandler();
        await using var listener = Loopback.Silo(handler);
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());
        using var cancel = new CancellationTokenSource();

        var cancelled = connection.SendRequestAsync(TestHandler.Request(TestHandler.Block), cancel.Token);
        var other = connection.SendRequestAsync(TestHandler.Request(TestHandler.Block));
        await handler.WaitForBlockedAsync(2);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        handler.Gate.SetResult();
        Assert.Equal(ResponseStatus.Ok, (await other).Status);
    }

    [Fact]
    public async Task Arguments_of_a_type_the_silo_does_not_allow_come_back_as_an_error_naming_the_type()
    {
        var strict = new WireSerializer(new WireSerializerOptions { AllowAssembliesReferencingRuntime = false });
        await using var listener = new TransportListener(Loopback.AnyPort, endPoint =>
            new TransportServices(PeerIdentity.ForSilo(Loopback.AddressOf(endPoint)), strict, Loopback.Options(), new TestHandler()));
        await using var connection = await Connection.ConnectAsync(listener.EndPoint, Loopback.Client());

        var response = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, new Small("a", 1)));

        Assert.Equal(ResponseStatus.Exception, response.Status);
        Assert.IsType<SerializationException>(response.Exception);
        Assert.Contains("Small, Orleans.DynamicDb.Runtime.Tests' is not allowed", response.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_the_caller_cannot_read_fails_only_that_request()
    {
        var strict = new WireSerializer(new WireSerializerOptions { AllowAssembliesReferencingRuntime = false });
        await using var listener = Loopback.Silo(new TestHandler());
        await using var connection = await Connection.ConnectAsync(
            listener.EndPoint, new TransportServices(PeerIdentity.ForClient("strict"), strict, Loopback.Options()));

        var unreadable = await connection.SendRequestAsync(TestHandler.Request(TestHandler.MakeSmall));
        var readable = await connection.SendRequestAsync(TestHandler.Request(TestHandler.Echo, "fine"));

        Assert.Equal(ResponseStatus.Exception, unreadable.Status);
        Assert.Contains("is not allowed", unreadable.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal("fine", readable.Result);
    }
}
