using System.Net;
using Microsoft.Extensions.Logging;
using Appliance.Configuration;

namespace Appliance.Telephony;

/// <summary>
/// Which trunk a packet's source address belongs to: the trunk's source networks, and the addresses of its registrar,
/// secondary registrar, proxy and outbound proxy. Host names are resolved at start and re-resolved periodically, so a
/// carrier that moves its SBC's address is followed without a restart; a failed lookup keeps the last good answer.
/// </summary>
internal sealed partial class TrunkAddresses : IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly List<(string Trunk, IPNetwork Network)> _static = [];
    private readonly List<(string Trunk, string Host)> _hostNames = [];
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private volatile (string Trunk, IPAddress Address)[] _resolved = [];
    private Task? _refreshLoop;

    public TrunkAddresses(ApplianceConfig config, TimeProvider time, ILogger<TrunkAddresses> logger, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _time = time;
        _logger = logger;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        foreach (var (name, trunk) in config.Trunks)
        {
            foreach (var source in trunk.SourceAddresses)
            {
                _static.Add((name, ParseNetwork(source)));
            }
            foreach (var text in new[] { trunk.Registrar, trunk.SecondaryRegistrar, trunk.Proxy, trunk.OutboundProxy })
            {
                if (!TrunkUri.TryParse(text, out var uri))
                {
                    continue;
                }
                if (uri.Address is { } address)
                {
                    _static.Add((name, Host(address)));
                }
                else
                {
                    _hostNames.Add((name, uri.Host));
                }
            }
        }
    }

    /// <summary>True when any trunk is configured to be recognised by address.</summary>
    public bool Any => _static.Count > 0 || _hostNames.Count > 0;

    /// <summary>The trunk <paramref name="source"/> belongs to, or null.</summary>
    public string? TrunkOf(IPAddress source)
    {
        source = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        foreach (var (trunk, network) in _static)
        {
            if (network.Contains(source))
            {
                return trunk;
            }
        }
        foreach (var (trunk, address) in _resolved)
        {
            if (address.Equals(source))
            {
                return trunk;
            }
        }
        return null;
    }

    /// <summary>Resolves the host names now (before calls arrive), then keeps refreshing them in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_hostNames.Count == 0)
        {
            return;
        }
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _refreshLoop = RefreshPeriodicallyAsync(_stopping.Token);
    }

    /// <summary>Looks every host name up again; a failed lookup keeps that name's previous addresses.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var previous = _resolved;
        var next = new List<(string, IPAddress)>();
        foreach (var (trunk, host) in _hostNames)
        {
            try
            {
                foreach (var address in await _resolve(host, cancellationToken).ConfigureAwait(false))
                {
                    next.Add((trunk, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
                }
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException)
            {
                LogLookupFailed(_logger, trunk, host, ex.Message);
                next.AddRange(Array.FindAll(previous, p => p.Trunk == trunk));
            }
        }
        _resolved = [.. next];
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_refreshLoop is not null)
        {
            await _refreshLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stopping.Dispose();
    }

    /// <summary>A CIDR network, or a single address as a host network (validated configuration).</summary>
    public static IPNetwork ParseNetwork(string text) => IPNetwork.TryParse(text, out var network) ? network : Host(IPAddress.Parse(text));

    private static IPNetwork Host(IPAddress address) => new(address, address.GetAddressBytes().Length * 8);

    [LoggerMessage(LogLevel.Warning, "Trunk {Trunk}: cannot resolve {Host} ({Error}); INVITEs are matched by its last known addresses")]
    private static partial void LogLookupFailed(ILogger logger, string trunk, string host, string error);
}
