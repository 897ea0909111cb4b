using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Client;

/// <summary>
/// The client's gateways: the current list (read again periodically when it can change), which of them failed
/// recently, and a round robin over the live ones. A gateway that cannot be reached is skipped for
/// <see cref="ClientOptions.GatewayRetryPeriod"/>; while every gateway is down, the downed ones are tried anyway.
/// </summary>
internal sealed partial class GatewayManager : IAsyncDisposable
{
    private readonly IGatewayListProvider _provider;
    private readonly ConnectionManager _connections;
    private readonly ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPEndPoint, long> _downSince = new();
    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyList<IPEndPoint> _gateways = [];
    private ITimer? _refresh;
    private int _next = -1;

    public GatewayManager(IGatewayListProvider provider, ConnectionManager connections, ClientOptions options, TimeProvider time, ILogger logger)
    {
        _provider = provider;
        _connections = connections;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The gateways known now.</summary>
    public IReadOnlyList<IPEndPoint> Gateways => Volatile.Read(ref _gateways);

    /// <summary>Whether <paramref name="gateway"/> failed within the retry period.</summary>
    public bool IsDown(IPEndPoint gateway) =>
        _downSince.TryGetValue(gateway, out var since) && _time.GetElapsedTime(since) < _options.GatewayRetryPeriod;

    /// <summary>Reads the gateway list and, when it can change, starts reading it again periodically.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (_provider.IsUpdatable && _refresh is null)
        {
            var period = _options.GatewayListRefreshPeriod;
            _refresh = _time.CreateTimer(static state => _ = ((GatewayManager)state!).RefreshInBackgroundAsync(), this, period, period);
        }
    }

    /// <summary>Reads the gateway list now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var gateways = await _provider.GetGatewaysAsync(cancellationToken).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref _gateways, gateways);
        if (!previous.SequenceEqual(gateways))
        {
            LogGatewayListChanged(gateways.Count, string.Join(", ", gateways));
        }

        foreach (var gone in _downSince.Keys.Where(g => !gateways.Contains(g)))
        {
            _downSince.TryRemove(gone, out _);
        }
    }

    /// <summary>
    /// An open connection to a gateway: the next live one in turn; when it cannot be reached (nothing was sent yet),
    /// the next one, and so on. Fails with a <see cref="SiloUnavailableException"/> naming every endpoint tried.
    /// </summary>
    public async Task<(IPEndPoint Gateway, Connection Connection)> ConnectAsync(CancellationToken cancellationToken)
    {
        var gateways = Gateways;
        if (gateways.Count == 0)
        {
            throw new SiloUnavailableException($"The cluster client knows no gateway: {_provider.Describe()} is empty.");
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)gateways.Count);
        var inTurn = Enumerable.Range(0, gateways.Count).Select(i => gateways[(start + i) % gateways.Count]).ToList();
        var failures = new List<string>();
        foreach (var gateway in inTurn.Where(g => !IsDown(g)).Concat(inTurn.Where(IsDown)))
        {
            try
            {
                var connection = await _connections.GetConnectionAsync(gateway, cancellationToken).ConfigureAwait(false);
                _downSince.TryRemove(gateway, out _);
                return (gateway, connection);
            }
            catch (Exception e) when (e is SiloUnavailableException or TransportException && !cancellationToken.IsCancellationRequested)
            {
                MarkDown(gateway, e.Message);
                failures.Add($"{gateway} ({e.Message})");
            }
        }

        throw new SiloUnavailableException($"No gateway of the cluster is reachable; tried {string.Join("; ", failures)}.");
    }

    /// <summary>Leaves <paramref name="gateway"/> out of the rotation for the retry period.</summary>
    public void MarkDown(IPEndPoint gateway, string reason)
    {
        var now = _time.GetTimestamp();
        var wasDown = IsDown(gateway);
        _downSince[gateway] = now;
        if (!wasDown)
        {
            LogGatewayDown(gateway, reason, _options.GatewayRetryPeriod);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_refresh is not null)
        {
            await _refresh.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!_stopping.IsCancellationRequested)
            {
                LogGatewayListRefreshFailed(_provider.Describe(), e);
            }
        }
    }
}
