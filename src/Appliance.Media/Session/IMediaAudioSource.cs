namespace Appliance.Media.Session;

/// <summary>Supplies the audio to send to the caller, one frame per pacer tick, at the session's pipeline sample rate.</summary>
public interface IMediaAudioSource
{
    /// <summary>
    /// Fills up to <paramref name="pcm"/>.Length samples (one 20 ms frame) and returns how many were written; 0 means
    /// "nothing to say" (silence). A short frame is padded with silence. Called on the pacer thread; must not block or throw.
    /// </summary>
    int ReadOutbound(Span<short> pcm);
}
