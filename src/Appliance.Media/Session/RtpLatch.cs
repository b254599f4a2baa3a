using System.Net;
using System.Net.Sockets;

namespace Appliance.Media.Session;

/// <summary>
/// Symmetric RTP (RFC 4961) latching for one socket: learns the peer's real transport address from its packets, which
/// behind NAT differs from the SDP one, then accepts only that source.
/// </summary>
/// <remarks>
/// The rule:
/// <list type="number">
/// <item>Unlatched (start, or after <see cref="Reset"/> on re-INVITE): the first valid packet latches its source.</item>
/// <item>Latched: packets from the latched source are accepted; packets from any other source are dropped (counted as foreign).</item>
/// <item>Re-latch: once the latched source has sent nothing valid for <c>relatchAfter</c>, a new source that sends
/// <c>relatchPackets</c> consecutive valid packets with one SSRC takes over (a NAT rebinding or a media server switch
/// without re-INVITE). Requiring silence first means a stray or spoofed stream can never steal a live call, and requiring
/// a run means a single injected packet cannot either.</item>
/// </list>
/// "Valid" is the caller's judgement (parsed, expected payload type) before calling <see cref="Check"/>.
/// Not thread-safe: the session calls it under its lock. Allocation-free after construction.
/// </remarks>
public sealed class RtpLatch
{
    private readonly SocketAddress _latched;
    private readonly SocketAddress _candidate;
    private readonly TimeSpan _relatchAfter;
    private readonly int _relatchPackets;
    private TimeSpan _lastAccepted;
    private uint _candidateSsrc;
    private int _candidateCount;

    public RtpLatch(AddressFamily family, TimeSpan relatchAfter, int relatchPackets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(relatchPackets, 1);
        int size = SocketAddress.GetMaximumAddressSize(family);
        _latched = new SocketAddress(family, size);
        _candidate = new SocketAddress(family, size);
        _relatchAfter = relatchAfter;
        _relatchPackets = relatchPackets;
    }

    public bool IsLatched { get; private set; }

    /// <summary>The latched source (valid while <see cref="IsLatched"/>); the session sends to it.</summary>
    public SocketAddress Source => _latched;

    /// <summary>Classifies a valid packet from <paramref name="source"/> carrying <paramref name="ssrc"/> that arrived at <paramref name="now"/>.</summary>
    public RtpLatchResult Check(SocketAddress source, uint ssrc, TimeSpan now)
    {
        if (!IsLatched)
        {
            Latch(source, now);
            return RtpLatchResult.Latched;
        }

        if (source.Equals(_latched))
        {
            _lastAccepted = now;
            _candidateCount = 0;
            return RtpLatchResult.Accepted;
        }

        if (now - _lastAccepted < _relatchAfter)
        {
            _candidateCount = 0;
            return RtpLatchResult.Foreign;
        }

        if (_candidateCount > 0 && ssrc == _candidateSsrc && source.Equals(_candidate))
        {
            _candidateCount++;
        }
        else
        {
            Copy(source, _candidate);
            _candidateSsrc = ssrc;
            _candidateCount = 1;
        }

        if (_candidateCount < _relatchPackets)
        {
            return RtpLatchResult.Foreign;
        }

        Latch(source, now);
        return RtpLatchResult.Latched;
    }

    /// <summary>Forgets the latched source: the next valid packet latches again (re-INVITE with a new remote).</summary>
    public void Reset()
    {
        IsLatched = false;
        _candidateCount = 0;
    }

    private void Latch(SocketAddress source, TimeSpan now)
    {
        Copy(source, _latched);
        IsLatched = true;
        _lastAccepted = now;
        _candidateCount = 0;
    }

    private static void Copy(SocketAddress from, SocketAddress to)
    {
        to.Size = from.Size;
        from.Buffer.Span[..from.Size].CopyTo(to.Buffer.Span);
    }
}
