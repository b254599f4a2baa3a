using System.Net;
using System.Text;
using Appliance.Media.Rtcp;

namespace Appliance.Media.Session;

/// <summary>RTCP: reception statistics, SR/RR + SDES on the RFC 3550 interval, BYE on stop, RTT from the peer's reports.</summary>
public sealed partial class MediaSession
{
    /// <summary>RFC 3550 §6.2: 5 % of the session bandwidth; ~80 kbit/s for 64 kbit/s audio with IP/UDP/RTP headers.</summary>
    private const double RtcpBytesPerSecond = 0.05 * 80_000 / 8;

    /// <summary>IPv4 + UDP headers, counted in the average RTCP size (§6.3.3).</summary>
    private const int LowerLayerOverhead = 28;

    private readonly byte[] _rtcpBuffer = new byte[512];
    private readonly byte[] _cname;
    private readonly RtcpIntervalCalculator _rtcpInterval = new(RtcpBytesPerSecond, TimeSpan.FromSeconds(5), new Random());
    private ReceptionStatistics _reception;
    private TimeSpan _nextRtcp;

    /// <summary>Latest RTT from a report block about our stream; null until one arrives.</summary>
    private TimeSpan? _roundTripTime;

    /// <summary>The SDES CNAME (RFC 3550 §6.5.1): configured, or random per session; truncated to the 255-byte item limit.</summary>
    private static byte[] CreateCanonicalName(string? configured)
    {
        byte[] cname = Encoding.UTF8.GetBytes(configured ?? $"appliance-{Guid.NewGuid():N}");
        return cname.Length <= 255 ? cname : cname[..255];
    }

    /// <summary>Fresh reception statistics (start, or a new RTP clock after a codec change), keeping the losses counted so far.</summary>
    private ReceptionStatistics CreateReception(int clockRate)
    {
        if (_reception is { } previous)
        {
            _lostBefore += Math.Max(0L, previous.CumulativeLost);
        }

        return new ReceptionStatistics(clockRate, minSequential: 1);
    }

    private void ScheduleFirstRtcp(TimeSpan now) =>
        _nextRtcp = now + _rtcpInterval.Next(members: 2, senders: 1, weSent: false, initial: true);

    /// <summary>Handles an RTCP datagram from the RTCP socket or demuxed from the RTP one.</summary>
    private void OnRtcp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            TimeSpan now = Now;
            var reader = new RtcpCompoundReader(datagram);
            bool first = true;
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                if (!RtcpReport.TryRead(in packet, out RtcpReport report, out _))
                {
                    // SDES, BYE (the SIP BYE ends the call), APP, feedback: nothing we act on.
                    continue;
                }

                if (first)
                {
                    first = false;
                    if (_rtcpLatch.Check(source, report.Ssrc, now) == RtpLatchResult.Foreign)
                    {
                        _droppedForeign++;
                        return;
                    }
                }

                OnReport(in report, now);
            }

            if (first)
            {
                // Not even a leading SR/RR: malformed or not RTCP at all.
                _malformed++;
                return;
            }

            _lastActivity = now;
            _rtcpInterval.OnPacket(datagram.Length + LowerLayerOverhead);
        }
    }

    private void OnReport(in RtcpReport report, TimeSpan now)
    {
        if (report.IsSenderReport && _haveRemoteSsrc && report.Ssrc == _remoteSsrc)
        {
            _reception.OnSenderReport(report.NtpTimestamp, now);
        }

        for (int i = 0; i < report.ReportCount; i++)
        {
            ReportBlock block = report.GetReportBlock(i);
            if (block.Ssrc == _ssrc && NtpTimestamp.RoundTripTime(NtpTimestamp.FromDateTime(_time.GetUtcNow()), in block) is { } rtt)
            {
                _roundTripTime = rtt;
            }
        }
    }

    /// <summary>Sends SR (if we have sent RTP) or RR, with a block about the peer's stream once we have one, SDES CNAME, and BYE when stopping.</summary>
    private void SendRtcpReport(TimeSpan now, bool bye)
    {
        var writer = new RtcpWriter(_rtcpBuffer);
        ReportBlock block = _haveRemoteSsrc ? _reception.CreateReportBlock(now) : default;
        ReadOnlySpan<ReportBlock> blocks = _haveRemoteSsrc ? new ReadOnlySpan<ReportBlock>(in block) : default;
        bool weSent = _packetsSent > 0;
        bool written = weSent
            ? writer.TryWriteSenderReport(
                _ssrc, NtpTimestamp.FromDateTime(_time.GetUtcNow()), _lastSentTimestamp, (uint)_packetsSent, (uint)_payloadOctetsSent, blocks)
            : writer.TryWriteReceiverReport(_ssrc, blocks);
        written = written && writer.TryWriteCname(_ssrc, _cname) && (!bye || writer.TryWriteGoodbye(_ssrc));
        if (written)
        {
            SendRtcp(writer.Written);
            _rtcpInterval.OnPacket(writer.BytesWritten + LowerLayerOverhead);
        }

        int senders = (weSent ? 1 : 0) + (_haveRemoteSsrc ? 1 : 0);
        _nextRtcp = now + _rtcpInterval.Next(members: 2, senders, weSent, initial: false);
    }

    /// <summary>
    /// RTCP goes to the peer's learnt RTCP source if any, else to its SDP address; on the RTP socket when muxed, or when
    /// the ports were allocated for mux but a later answer declined it (there is then no RTCP socket to send from).
    /// </summary>
    private void SendRtcp(ReadOnlySpan<byte> compound)
    {
        if (_media.RtcpMux)
        {
            if (_rtpLatch.IsLatched || _remoteRtpKnown)
            {
                _rtpSocket.SendTo(compound, _rtpLatch.IsLatched ? _rtpLatch.Source : _remoteRtp);
            }
        }
        else if (_rtcpLatch.IsLatched || _remoteRtcpKnown)
        {
            (_rtcpSocket ?? _rtpSocket).SendTo(compound, _rtcpLatch.IsLatched ? _rtcpLatch.Source : _remoteRtcp);
        }
    }
}
