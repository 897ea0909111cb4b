using System.Buffers;
using System.Buffers.Binary;
using Orleans.DynamicDb.Runtime.Membership;
using Orleans.DynamicDb.Runtime.Tests.Serialization;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

public sealed class FramingTests
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public void A_request_frame_round_trips_with_every_header_field()
    {
        var request = new RequestEnvelope(new GrainId("database", "myapp/users"), "IDatabaseGrain", 7, ["select 1", 3])
        {
            Timeout = TimeSpan.FromMilliseconds(1500),
            Flags = RequestFlags.ReadOnly | RequestFlags.AlwaysInterleave,
        };
        var bytes = Encode(EnvelopeCodec.EncodeRequest(request, FrameKind.Request, 42, Loopback.Serializer, Limit));

        var buffer = Wire.Segmented(bytes);
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));
        var copy = EnvelopeCodec.DecodeRequest(frame, Loopback.Serializer, out var argumentsError);

        Assert.True(buffer.IsEmpty);
        Assert.Null(argumentsError);
        Assert.Equal((1, FrameKind.Request, 42L), (frame.Version, frame.Kind, frame.MessageId));
        Assert.Equal(request.Target, copy.Target);
        Assert.Equal("IDatabaseGrain", copy.InterfaceType);
        Assert.Equal(7, copy.MethodIndex);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), copy.Timeout);
        Assert.Equal(request.Flags, copy.Flags);
        Assert.Equal(request.Arguments, copy.Arguments);
        Assert.False(copy.IsOneWay);
    }

    [Fact]
    public void Responses_round_trip_for_every_status()
    {
        Assert.Equal("r", Decode(ResponseEnvelope.Ok("r")).Result);
        Assert.Equal("x.y", Assert.IsType<CodedException>(Decode(ResponseEnvelope.Failed(new CodedException("x.y", "m"))).Exception).ErrorCode);
        var rejected = Decode(ResponseEnvelope.Rejected(RejectionReason.GrainNotHere, "moved"));
        Assert.Equal((ResponseStatus.Rejected, RejectionReason.GrainNotHere, "moved"), (rejected.Status, rejected.Rejection, rejected.RejectionMessage));
    }

    [Fact]
    public void A_result_that_cannot_be_serialized_becomes_an_exception_response_saying_why()
    {
        var response = Decode(ResponseEnvelope.Ok(new Holder(new Action(() => { }))));

        Assert.Equal(ResponseStatus.Exception, response.Status);
        Assert.Contains("delegates", response.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_incomplete_frame_waits_for_more_bytes()
    {
        var bytes = Encode(EnvelopeCodec.EncodeRequest(TestHandler.Request(0, "x"), FrameKind.Request, 1, Loopback.Serializer, Limit));

        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(FrameReader.TryRead(ref buffer, Limit, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void A_frame_longer_than_the_limit_is_refused_as_soon_as_its_length_arrives()
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(Limit + 1, 1, FrameKind.Request));

        var error = Assert.Throws<TransportException>(() => FrameReader.TryRead(ref buffer, Limit, out _));

        Assert.Equal(TransportError.FrameTooLarge, error.Error);
        Assert.Contains("MaxFrameSize", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-5)]
    public void A_length_shorter_than_the_fixed_header_is_a_protocol_violation(int length)
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(length, 1, FrameKind.Ping));

        Assert.Equal(TransportError.ProtocolViolation, Assert.Throws<TransportException>(() => FrameReader.TryRead(ref buffer, Limit, out _)).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(255)]
    public void An_unknown_frame_kind_is_a_protocol_violation(byte kind)
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(10, 1, (FrameKind)kind));

        var error = Assert.Throws<TransportException>(() => FrameReader.TryRead(ref buffer, Limit, out _));

        Assert.Contains($"kind {kind}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_of_another_protocol_version_is_refused_naming_both_versions()
    {
        var buffer = new ReadOnlySequence<byte>(Prefix(10, 2, FrameKind.Request));

        var error = Assert.Throws<TransportException>(() => FrameReader.TryRead(ref buffer, Limit, out _));

        Assert.Equal(TransportError.VersionMismatch, error.Error);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Handshake_and_error_frames_of_another_version_stay_readable()
    {
        var silo = new SiloAddress("127.0.0.1", 5000, 9);
        var buffer = new ReadOnlySequence<byte>(Encode(EnvelopeCodec.EncodeHandshake(PeerIdentity.ForSilo(silo), version: 7)));

        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));

        Assert.Equal(7, frame.Version);
        Assert.Equal(silo, EnvelopeCodec.DecodeHandshake(frame).Silo);
    }

    [Fact]
    public void A_header_field_cut_short_is_a_protocol_violation()
    {
        // A request whose body is one string length (10) with only 2 bytes of it.
        byte[] bytes = [.. Prefix(13, 1, FrameKind.Request), 10, (byte)'a', (byte)'b'];
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));

        var error = Assert.Throws<TransportException>(() => EnvelopeCodec.DecodeRequest(frame, Loopback.Serializer, out _));

        Assert.Contains("grain type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_bytes_after_a_handshake_are_a_protocol_violation()
    {
        byte[] bytes = [.. Encode(EnvelopeCodec.EncodeHandshake(PeerIdentity.ForClient("c")))];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, BinaryPrimitives.ReadInt32LittleEndian(bytes) + 1);
        var buffer = new ReadOnlySequence<byte>([.. bytes, 0]);
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));

        Assert.Throws<TransportException>(() => EnvelopeCodec.DecodeHandshake(frame));
    }

    [Fact]
    public void Arguments_that_cannot_be_read_are_reported_without_failing_the_frame()
    {
        var bytes = Encode(EnvelopeCodec.EncodeRequest(TestHandler.Request(0, "x"), FrameKind.Request, 5, Loopback.Serializer, Limit));
        bytes[^1] ^= 0xFF;
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));

        var request = EnvelopeCodec.DecodeRequest(frame, Loopback.Serializer, out var argumentsError);

        Assert.NotNull(argumentsError);
        Assert.Equal(5, request.MessageId);
    }

    [Fact]
    public void Several_frames_in_one_buffer_are_read_one_after_the_other()
    {
        byte[] bytes = [.. Encode(EnvelopeCodec.EncodeSignal(FrameKind.Ping, 1)), .. Encode(EnvelopeCodec.EncodeSignal(FrameKind.Pong, 2))];
        var buffer = Wire.Segmented(bytes);

        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var first));
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var second));
        Assert.False(FrameReader.TryRead(ref buffer, Limit, out _));

        Assert.Equal((FrameKind.Ping, 1L, FrameKind.Pong, 2L), (first.Kind, first.MessageId, second.Kind, second.MessageId));
    }

    [Fact]
    public void A_request_too_large_for_the_limit_is_refused_while_encoding()
    {
        var error = Assert.Throws<TransportException>(() =>
            EnvelopeCodec.EncodeRequest(TestHandler.Request(0, new byte[Limit]), FrameKind.Request, 1, Loopback.Serializer, Limit));

        Assert.Equal(TransportError.FrameTooLarge, error.Error);
    }

    private static ResponseEnvelope Decode(ResponseEnvelope response)
    {
        var buffer = new ReadOnlySequence<byte>(Encode(EnvelopeCodec.EncodeResponse(3, response, Loopback.Serializer, Limit)));
        Assert.True(FrameReader.TryRead(ref buffer, Limit, out var frame));
        return EnvelopeCodec.DecodeResponse(frame, Loopback.Serializer);
    }

    private static byte[] Encode(OutboundFrame frame)
    {
        var bytes = frame.Memory.ToArray();
        frame.Release();
        return bytes;
    }

    private static byte[] Prefix(int length, byte version, FrameKind kind)
    {
        var bytes = new byte[14];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        bytes[4] = version;
        bytes[5] = (byte)kind;
        return bytes;
    }
}
