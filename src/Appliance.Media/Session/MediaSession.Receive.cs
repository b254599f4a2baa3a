using System.Net;
using Appliance.Media.Rtcp;
using Appliance.Media.Rtp;
using Appliance.Media.Sockets;

namespace Appliance.Media.Session;

/// <summary>Receive path: demux, parse, latch, count, then RTCP, DTMF or the jitter buffer.</summary>
public sealed partial class MediaSession
{
    private long _packetsReceived;
    private long _bytesReceived;
    private long _malformed;
    private long _droppedForeign;
    private long _ssrcChanges;
    private long _lostBefore;
    private long _lateBefore;
    private long _concealedBefore;
    private uint _remoteSsrc;
    private bool _haveRemoteSsrc;

    void IDatagramHandler.OnDatagram(MediaChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (channel == MediaChannel.Rtcp || RtcpMux.IsRtcp(datagram))
        {
            OnRtcp(datagram, source);
            return;
        }

        ReceivedEvents events = default;
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            OnRtp(datagram, source, ref events);
        }

        RaiseReceived(in events);
    }

    private void OnRtp(ReadOnlySpan<byte> datagram, SocketAddress source, ref ReceivedEvents events)
    {
        if (!RtpPacket.TryParse(datagram, out RtpPacket packet))
        {
            _malformed++;
            return;
        }

        byte payloadType = packet.PayloadType;
        bool isEvent = payloadType == _media.ReceiveTelephoneEventPayloadType;
        if (!isEvent && payloadType != _media.ReceivePayloadType)
        {
            // Comfort noise, a codec we did not agree on, or garbage that happens to start with version 2.
            _malformed++;
            return;
        }

        TimeSpan now = Now;
        uint ssrc = packet.Ssrc;
        switch (_rtpLatch.Check(source, ssrc, now))
        {
            case RtpLatchResult.Foreign:
                _droppedForeign++;
                return;
            case RtpLatchResult.Latched:
                _rtcpLatch.Reset();
                break;
        }

        _lastActivity = now;
        _packetsReceived++;
        _bytesReceived += datagram.Length;
        if (!_haveRemoteSsrc || ssrc != _remoteSsrc)
        {
            OnNewSource(ssrc, ref events);
        }

        _reception.OnRtp(ssrc, packet.SequenceNumber, packet.Timestamp, now);
        if (isEvent)
        {
            OnTelephoneEvent(in packet, ref events);
            return;
        }

        _inbound.Push(now, ssrc, packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.Payload);
    }

    /// <summary>
    /// A new SSRC: the jitter buffer resynchronises by itself on the SSRC; the decoder and resampler forget the old
    /// stream, loss counting starts again (the old source's losses are kept), and the call layer is told.
    /// </summary>
    private void OnNewSource(uint ssrc, ref ReceivedEvents events)
    {
        if (_haveRemoteSsrc)
        {
            _ssrcChanges++;
            _lostBefore += Math.Max(0L, _reception.CumulativeLost);
            _inbound.ResetDecoder();
            events.SsrcChanged = true;
            events.PreviousSsrc = _remoteSsrc;
        }

        events.NewSsrc = ssrc;
        _remoteSsrc = ssrc;
        _haveRemoteSsrc = true;
    }

    private void RaiseReceived(in ReceivedEvents events)
    {
        if (_observer is not { } observer)
        {
            return;
        }

        if (events.SsrcChanged)
        {
            observer.OnSsrcChanged(this, events.PreviousSsrc, events.NewSsrc);
        }

        if (events.Digit != '\0')
        {
            observer.OnDtmfDigit(this, events.Digit);
        }
    }

    /// <summary>Observer callbacks decided under the lock and raised after it.</summary>
    private struct ReceivedEvents
    {
        public bool SsrcChanged;
        public uint PreviousSsrc;
        public uint NewSsrc;
        public char Digit;
    }
}
