using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// One TCP connection to another silo or a client: full-duplex and multiplexed. Any number of requests may be in
/// flight at once, matched to their responses by message id. Frames are read by one read loop (System.IO.Pipelines)
/// and written by one write loop fed by a bounded queue, so senders wait when the queue is full. When the connection
/// dies (peer closed, I/O error, protocol violation, silence beyond <see cref="TransportOptions.PingTimeout"/>, dispose)
/// every pending request fails at once with a <see cref="SiloUnavailableException"/> naming the endpoint.
/// </summary>
public sealed partial class Connection : IAsyncDisposable
{
    /// <summary>Timeouts from here on mean "never" (and cannot overflow a timestamp).</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(365);

    private readonly Socket _socket;
    private readonly TransportServices _services;
    private readonly TransportOptions _options;
    private readonly PipeReader _input;
    private readonly Channel<OutboundFrame> _outbound;
    private readonly PendingRequests _pending = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private long _nextMessageId;
    private int _closing;

    private Connection(Socket socket, TransportServices services, bool isOutbound)
    {
        _socket = socket;
        _services = services;
        _options = services.Options;
        _logger = services.LoggerFactory.CreateLogger<Connection>();
        IsOutbound = isOutbound;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        _input = PipeReader.Create(new NetworkStream(socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024));
        _outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(_options.OutboundQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The peer's address and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Who the peer said it is in the handshake.</summary>
    public PeerIdentity RemoteIdentity { get; private set; } = null!;

    public PeerIdentity LocalIdentity => _services.LocalIdentity;

    /// <summary>True for a connection this side opened, false for one a listener accepted.</summary>
    public bool IsOutbound { get; }

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>Completes when the connection has closed, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection closed (a <see cref="SiloUnavailableException"/> whose inner exception is the cause), or null while open.</summary>
    public Exception? CloseReason { get; private set; }

    /// <summary>Frames waiting in the outbound queue (never more than <see cref="TransportOptions.OutboundQueueCapacity"/>).</summary>
    public int OutboundQueueLength => _outbound.Reader.Count;

    /// <summary>Requests sent and not answered yet.</summary>
    public int PendingRequestCount => _pending.Count;

    /// <summary>
    /// Sends a request and waits for its response. Fails with a <see cref="SiloUnavailableException"/> as soon as the
    /// connection closes, with a <see cref="TimeoutException"/> after <see cref="RequestEnvelope.Timeout"/>, with an
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled (the remote call
    /// is not cancelled), and with a <see cref="System.Runtime.Serialization.SerializationException"/> or
    /// <see cref="TransportException"/> (too large) before anything is sent when the arguments cannot be sent.
    /// </summary>
    public async Task<ResponseEnvelope> SendRequestAsync(RequestEnvelope request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfClosed(request);
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var frame = EnvelopeCodec.EncodeRequest(request, FrameKind.Request, messageId, _services.Serializer, _options.MaxFrameSize);
        var pending = new PendingRequest(messageId, request, Deadline(request.Timeout));
        _pending.Add(pending);
        if (IsClosed)
        {
            frame.Release();
            _pending.TryRemove(messageId, out _);
            pending.TrySetException(Unavailable(request));
        }
        else
        {
            try
            {
                await EnqueueAsync(frame, request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _pending.TryRemove(messageId, out _);
                throw;
            }

            if (cancellationToken.CanBeCanceled)
            {
                pending.Cancellation = cancellationToken.UnsafeRegister(static (state, token) =>
                {
                    var (connection, request) = ((Connection, PendingRequest))state!;
                    if (connection._pending.TryRemove(request.MessageId, out _))
                    {
                        request.TrySetCanceled(token);
                    }
                }, (this, pending));
            }
        }

        try
        {
            return await pending.Task.ConfigureAwait(false);
        }
        finally
        {
            await pending.Cancellation.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues a one-way request. Completes once the request is queued (waiting while the outbound queue is full),
    /// not when it has run; nothing reports whether it ran.
    /// </summary>
    public async ValueTask SendOneWayAsync(RequestEnvelope request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfClosed(request);
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var frame = EnvelopeCodec.EncodeRequest(request, FrameKind.OneWayRequest, messageId, _services.Serializer, _options.MaxFrameSize);
        await EnqueueAsync(frame, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection: pending requests fail with <see cref="SiloUnavailableException"/>, queued frames are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(Connection), "The connection was closed by this side."));
        await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        _input.Complete();
    }

    public override string ToString() => Describe();

    /// <summary>"silo 127.0.0.1:11111@1 at 127.0.0.1:11111", for messages and logs.</summary>
    private string Describe() => $"{(RemoteIdentity is { } identity ? identity.ToString() : "peer")} at {RemoteEndPoint}";

    private void ThrowIfClosed(RequestEnvelope request)
    {
        if (IsClosed)
        {
            throw Unavailable(request);
        }
    }

    private SiloUnavailableException Unavailable(RequestEnvelope request)
    {
        var reason = CloseReason?.InnerException ?? CloseReason;
        return new SiloUnavailableException(
            $"The connection to {Describe()} is closed ({reason?.Message ?? "closing"}); {request} was not answered. It may be sent again once the target is resolved anew.",
            reason ?? new IOException("The connection is closing."));
    }

    private long Deadline(TimeSpan timeout) => timeout <= TimeSpan.Zero || timeout >= MaxTimeout
        ? long.MaxValue
        : _services.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _services.TimeProvider.TimestampFrequency);

    /// <summary>Closes once: stops both loops and the timer, closes the socket and fails every pending request.</summary>
    private void Close(Exception cause)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        CloseReason = new SiloUnavailableException($"The connection to {Describe()} closed: {cause.Message}", cause);
        _timer?.Dispose();
        _outbound.Writer.TryComplete();
        try
        {
            _lifetime.Cancel();
        }
        catch (AggregateException exception)
        {
            LogCancellationCallbackFailed(Describe(), exception);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        _socket.Dispose();
        _pending.FailAll(pending => Unavailable(pending.Request));
        LogClosed(Describe(), cause.Message, cause is ObjectDisposedException ? null : cause);
        _closed.TrySetResult();
    }
}
