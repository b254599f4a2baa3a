using Appliance.Media.Pacing;
using Appliance.Media.Rtp;
using Appliance.Media.Sdp;

namespace Appliance.Media.Session;

/// <summary>Pacer tick: playout, then one frame of audio (or DTMF) out, then RTCP and the media timeout.</summary>
public sealed partial class MediaSession
{
    /// <summary>Room for three 20 ms frames of any supported codec plus the header.</summary>
    private const int SendBufferSize = 2048;

    /// <summary>Largest ptime honoured (60 ms = three frames per packet); longer or uneven ptimes fall back to 20 ms.</summary>
    private const int MaxFramesPerPacket = 3;

    private readonly uint _ssrc;
    private readonly byte[] _sendBuffer;
    private ushort _sequence;
    private RtpTimestampClock _clock;
    private RtpStamp _packetStamp;
    private int _framesInPacket;
    private int _payloadLength;
    private long _packetsSent;
    private long _bytesSent;
    private long _payloadOctetsSent;
    private uint _lastSentTimestamp;

    /// <summary>Runs one 20 ms frame period. Called by the shared pacer; tests call it directly.</summary>
    public void OnTick(in PacerTick tick)
    {
        bool timedOut;
        lock (_lock)
        {
            if (!_running)
            {
                return;
            }

            TimeSpan now = Now;
            _inbound.PlayFrame(now, _sink);
            SendFrame(tick.SkippedFrames);
            if (now >= _nextRtcp)
            {
                SendRtcpReport(now, bye: false);
            }

            timedOut = CheckMediaTimeout(now);
        }

        if (timedOut)
        {
            _observer?.OnMediaTimeout(this);
        }
    }

    private int FramesPerPacket
    {
        get
        {
            int frames = _media.Ptime / FrameMilliseconds;
            return _media.Ptime % FrameMilliseconds == 0 && frames is >= 1 and <= MaxFramesPerPacket ? frames : 1;
        }
    }

    /// <summary>
    /// One frame: DTMF if an event is being sent (the source is not read meanwhile, so the agent's audio is paused, not
    /// lost), otherwise audio. The RTP clock advances every tick whether or not anything is sent, so timestamps follow
    /// wall-clock time through silence, hold and DTMF (<see cref="RtpTimestampClock"/> sets the marker after a gap).
    /// </summary>
    private void SendFrame(int skippedFrames)
    {
        bool canSend = _remoteRtpKnown && _media.Direction.CanSend();
        if (skippedFrames > 0)
        {
            // The frames already gathered belong before the gap; their packet would carry the wrong duration.
            _framesInPacket = 0;
            _payloadLength = 0;
        }

        if (TrySendTelephoneEvent(canSend, skippedFrames))
        {
            return;
        }

        Span<byte> payload = _sendBuffer.AsSpan(RtpPacket.FixedHeaderSize + _payloadLength);
        int length = _outbound.EncodeFrame(_source, payload, out bool speech);
        bool transmit = canSend && (speech || _options.SendSilence);
        RtpStamp stamp = _clock.Next(transmit, skippedFrames);
        if (!transmit)
        {
            _framesInPacket = 0;
            _payloadLength = 0;
            return;
        }

        if (_framesInPacket == 0)
        {
            _packetStamp = stamp;
        }

        _framesInPacket++;
        _payloadLength += length;
        if (_framesInPacket >= FramesPerPacket)
        {
            SendRtp((byte)_media.SendPayloadType, _packetStamp, _payloadLength);
            _framesInPacket = 0;
            _payloadLength = 0;
        }
    }

    /// <summary>Writes the header in front of the payload already in the send buffer and sends the packet to the peer.</summary>
    private void SendRtp(byte payloadType, RtpStamp stamp, int payloadLength)
    {
        var header = new RtpHeader(payloadType, _sequence, stamp.Timestamp, _ssrc, stamp.Marker);
        Span<byte> buffer = _sendBuffer;
        if (!header.TryWrite(buffer.Slice(RtpPacket.FixedHeaderSize, payloadLength), buffer, out int written))
        {
            return;
        }

        _sequence++;
        if (_rtpSocket.SendTo(buffer[..written], _rtpLatch.IsLatched ? _rtpLatch.Source : _remoteRtp))
        {
            _packetsSent++;
            _bytesSent += written;
            _payloadOctetsSent += payloadLength;
            _lastSentTimestamp = stamp.Timestamp;
        }
    }

    /// <summary>
    /// True once, when nothing (no RTP, nor RTCP from the latched peer) has arrived for the configured time. Suspended
    /// while our direction does not expect to receive (we put the call on hold, or inactive): silence is then normal.
    /// </summary>
    private bool CheckMediaTimeout(TimeSpan now)
    {
        if (_timedOut || _options.MediaTimeout <= TimeSpan.Zero)
        {
            return false;
        }

        if (!_media.Direction.CanReceive())
        {
            _lastActivity = now;
            return false;
        }

        if (now - _lastActivity < _options.MediaTimeout)
        {
            return false;
        }

        _timedOut = true;
        return true;
    }
}
