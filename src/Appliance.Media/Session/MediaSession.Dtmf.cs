using Appliance.Media.Dtmf;
using Appliance.Media.Pacing;
using Appliance.Media.Rtp;

namespace Appliance.Media.Session;

/// <summary>RFC 4733 telephone-events: digits received from the peer, digits we send interleaved with audio.</summary>
public sealed partial class MediaSession
{
    private const int DtmfQueueCapacity = 32;

    private static readonly TimeSpan MinDtmfDuration = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan MaxDtmfDuration = TimeSpan.FromSeconds(2);

    private readonly TelephoneEventReceiver _dtmfReceiver = new();
    private readonly (char Symbol, TimeSpan Duration)[] _dtmfQueue = new (char, TimeSpan)[DtmfQueueCapacity];
    private int _dtmfQueueHead;
    private int _dtmfQueueCount;
    private IReadOnlyList<DtmfPacket>? _dtmfPackets;
    private int _dtmfIndex;
    private uint _dtmfTimestamp;
    private long _dtmfReceived;

    /// <summary>
    /// Queues a digit ('0'-'9', '*', '#', 'A'-'D') to send as RFC 4733 events on the next ticks; audio pauses while it
    /// plays. <paramref name="duration"/> is clamped to 40 ms..2 s. False if the peer did not negotiate telephone-event,
    /// the symbol is not DTMF, or 32 digits are already waiting.
    /// </summary>
    public bool SendDtmf(char digit, TimeSpan duration)
    {
        if (!DtmfSymbols.TryGetEvent(digit, out _))
        {
            return false;
        }

        lock (_lock)
        {
            if (_media.SendTelephoneEventPayloadType is null || _dtmfQueueCount == DtmfQueueCapacity || _disposed)
            {
                return false;
            }

            _dtmfQueue[(_dtmfQueueHead + _dtmfQueueCount) % DtmfQueueCapacity] = (digit, duration < MinDtmfDuration ? MinDtmfDuration : duration > MaxDtmfDuration ? MaxDtmfDuration : duration);
            _dtmfQueueCount++;
            return true;
        }
    }

    /// <summary>One digit per key press: the receiver deduplicates by (SSRC, timestamp, event), whatever the peer's redundancy.</summary>
    private void OnTelephoneEvent(in RtpPacket packet, ref ReceivedEvents events)
    {
        if (_dtmfReceiver.TryAccept(in packet, out DtmfDigit digit))
        {
            _dtmfReceived++;
            events.Digit = digit.Symbol;
        }
    }

    /// <summary>
    /// Sends this tick's telephone-event packet if a digit is playing or queued. All packets of an event carry the RTP
    /// timestamp of the tick it started on, while the stream's clock keeps advancing, so audio resumes at the right time.
    /// </summary>
    private bool TrySendTelephoneEvent(bool canSend, int skippedFrames)
    {
        if (_dtmfPackets is null)
        {
            if (_dtmfQueueCount == 0)
            {
                return false;
            }

            (char symbol, TimeSpan duration) = _dtmfQueue[_dtmfQueueHead];
            _dtmfQueueHead = (_dtmfQueueHead + 1) % DtmfQueueCapacity;
            _dtmfQueueCount--;

            // Cold path (once per key press): the packet plan is a small list. telephone-event shares the audio's RTP clock (RFC 4733 §2.1).
            _dtmfPackets = TelephoneEventSender.CreatePackets(
                symbol, duration, _media.Codec.ClockRate, TimeSpan.FromMilliseconds(FrameMilliseconds), (byte)Math.Clamp(_options.DtmfVolume, 0, 63));
            _dtmfIndex = 0;
            _framesInPacket = 0;
            _payloadLength = 0;
            _dtmfTimestamp = _clock.Next(hasAudio: true, skippedFrames).Timestamp;
        }
        else
        {
            _clock.Next(hasAudio: true, skippedFrames);
        }

        DtmfPacket next = _dtmfPackets[_dtmfIndex++];
        if (_dtmfIndex == _dtmfPackets.Count)
        {
            _dtmfPackets = null;
        }

        if (canSend && _media.SendTelephoneEventPayloadType is int payloadType
            && next.Payload.TryWrite(_sendBuffer.AsSpan(RtpPacket.FixedHeaderSize)))
        {
            SendRtp((byte)payloadType, new RtpStamp(_dtmfTimestamp, next.Marker), TelephoneEvent.Size);
        }

        return true;
    }
}
