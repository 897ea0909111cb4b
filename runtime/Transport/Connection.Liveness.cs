namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>
/// The connection's timer: fails requests past their timeout, sends a Ping every <see cref="TransportOptions.PingInterval"/>
/// and closes the connection when nothing has arrived for <see cref="TransportOptions.PingTimeout"/>.
/// </summary>
public sealed partial class Connection
{
    private ITimer? _timer;
    private long _lastPingSent;
    private long _nextPingId;

    private void Start()
    {
        var now = _services.TimeProvider.GetTimestamp();
        Volatile.Write(ref _lastReceived, now);
        _lastPingSent = now;
        _readLoop = ReadLoopAsync();
        _writeLoop = WriteLoopAsync();
        _timer = _services.TimeProvider.CreateTimer(static state => ((Connection)state!).OnTick(), this, _options.TimeoutCheckInterval, _options.TimeoutCheckInterval);
        if (IsClosed)
        {
            _timer.Dispose();
        }
    }

    private void OnTick()
    {
        if (IsClosed)
        {
            return;
        }

        var time = _services.TimeProvider;
        var now = time.GetTimestamp();
        _pending.FailExpired(now, TimedOut);

        if (_options.PingTimeout != Timeout.InfiniteTimeSpan && time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= _options.PingTimeout)
        {
            LogPeerSilent(Describe(), _options.PingTimeout);
            Close(new TimeoutException($"nothing arrived from the peer for {_options.PingTimeout} (TransportOptions.PingTimeout); it is considered dead"));
            return;
        }

        if (_options.PingInterval != Timeout.InfiniteTimeSpan && time.GetElapsedTime(_lastPingSent, now) >= _options.PingInterval)
        {
            _lastPingSent = now;
            TryEnqueue(EnvelopeCodec.EncodeSignal(FrameKind.Ping, ++_nextPingId));
        }
    }

    private TimeoutException TimedOut(PendingRequest pending)
    {
        LogRequestTimedOut(Describe(), pending.Request.ToString(), pending.Request.Timeout);
        return new TimeoutException($"{pending.Request} on {Describe()} got no response within {pending.Request.Timeout}.");
    }
}
