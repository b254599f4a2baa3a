using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Media.Sockets;

/// <summary>
/// Hands out RTP/RTCP port pairs (even RTP port, RTCP on the next odd port, RFC 3550 §11) from a configured range and
/// binds their sockets. Thread-safe; exhaustion is a result, never an exception, so the SIP layer can answer 503.
/// </summary>
/// <remarks>
/// The search starts after the most recently allocated pair rather than at the lowest free one, so a port just released
/// is reused last: late packets from the previous call (or its peer's retransmitted re-INVITE media) do not land in a new call.
/// Ports held by other processes are discovered by binding and simply skipped.
/// </remarks>
public sealed class RtpPortAllocator
{
    private readonly Lock _lock = new();
    private readonly IPAddress _bindAddress;
    private readonly bool[] _inUse;
    private int _cursor;

    /// <param name="bindAddress">Local address to bind (IPAddress.Any, IPv6Any for dual-stack, or a specific interface).</param>
    /// <param name="minPort">Lowest port of the range (rounded up to even).</param>
    /// <param name="maxPort">Highest port of the range; the last pair's RTCP port must fit too.</param>
    public RtpPortAllocator(IPAddress bindAddress, int minPort, int maxPort)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPort, IPEndPoint.MaxPort);
        MinPort = (minPort + 1) & ~1;
        int pairs = (maxPort - MinPort + 1) / 2;
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1, nameof(maxPort));
        _bindAddress = bindAddress;
        _inUse = new bool[pairs];
    }

    /// <summary>The first (even) RTP port of the range.</summary>
    public int MinPort { get; }

    /// <summary>Number of pairs the range holds.</summary>
    public int Capacity => _inUse.Length;

    /// <summary>Pairs currently handed out by this allocator.</summary>
    public int Allocated
    {
        get
        {
            lock (_lock)
            {
                int count = 0;
                foreach (bool used in _inUse)
                {
                    count += used ? 1 : 0;
                }

                return count;
            }
        }
    }

    /// <summary>
    /// Binds the next free pair. With <paramref name="rtcpMux"/> only the RTP socket is bound, but the odd port stays
    /// reserved (RFC 5761 §5.1.1: an offerer keeps it in case the answer declines mux).
    /// </summary>
    public RtpPortAllocation Allocate(bool rtcpMux = false)
    {
        lock (_lock)
        {
            for (int attempt = 0; attempt < _inUse.Length; attempt++)
            {
                int slot = _cursor;
                _cursor = (_cursor + 1) % _inUse.Length;
                if (_inUse[slot])
                {
                    continue;
                }

                int port = MinPort + (slot * 2);
                if (!TryBind(port, out Socket? rtp))
                {
                    continue;
                }

                Socket? rtcp = null;
                if (!rtcpMux && !TryBind(port + 1, out rtcp))
                {
                    rtp.Dispose();
                    continue;
                }

                _inUse[slot] = true;
                return new RtpPortAllocation(RtpPortAllocationStatus.Allocated, new RtpPortPair(this, port, rtp, rtcp));
            }

            return new RtpPortAllocation(RtpPortAllocationStatus.Exhausted, null);
        }
    }

    internal void Release(int rtpPort)
    {
        lock (_lock)
        {
            _inUse[(rtpPort - MinPort) / 2] = false;
        }
    }

    private bool TryBind(int port, [NotNullWhen(true)] out Socket? socket)
    {
        socket = new Socket(_bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (_bindAddress.AddressFamily == AddressFamily.InterNetworkV6 && _bindAddress.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(_bindAddress, port));
            return true;
        }
        catch (SocketException)
        {
            // Taken by another process (or not bindable here): skip it, the caller tries the next pair.
            socket.Dispose();
            socket = null;
            return false;
        }
    }
}
