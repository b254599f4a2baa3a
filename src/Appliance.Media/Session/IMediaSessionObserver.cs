namespace Appliance.Media.Session;

/// <summary>
/// Call-layer callbacks of a <see cref="MediaSession"/>. Raised outside the session's lock, on the receive thread
/// (digits, SSRC changes) or the pacer thread (timeout); implementations must not block.
/// </summary>
public interface IMediaSessionObserver
{
    /// <summary>No RTP arrived for <see cref="MediaSessionOptions.MediaTimeout"/> while receiving was expected: send BYE. Raised once.</summary>
    void OnMediaTimeout(MediaSession session);

    /// <summary>An RFC 4733 DTMF digit ('0'-'9', '*', '#', 'A'-'D') was received, reported once when it starts.</summary>
    void OnDtmfDigit(MediaSession session, char digit);

    /// <summary>The peer's RTP SSRC changed (new source, e.g. after a transfer or media server switch); playout resynchronised.</summary>
    void OnSsrcChanged(MediaSession session, uint previousSsrc, uint newSsrc);
}
