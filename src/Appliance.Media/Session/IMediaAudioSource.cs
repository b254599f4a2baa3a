using Appliance.Media.Codecs;

namespace Appliance.Media.Session;

/// <summary>Supplies the audio to send to the caller, one frame per pacer tick, at the session's pipeline sample rate.</summary>
public interface IMediaAudioSource
{
    /// <summary>
    /// Fills up to <paramref name="pcm"/>.Length samples (one 20 ms frame) and returns how many were written; 0 means
    /// "nothing to say" (silence). A short frame is padded with silence. Called on the pacer thread; must not block or throw.
    /// </summary>
    int ReadOutbound(Span<short> pcm);

    /// <summary>
    /// Like <see cref="ReadOutbound(Span{short})"/>, and also writes the returned samples in <paramref name="codec"/> to
    /// <paramref name="payload"/> (at least <paramref name="pcm"/>.Length bytes, one per sample): the bytes the audio
    /// came with, untouched, where it carries them in that codec, otherwise the encoding of its PCM. Sessions call this
    /// when the call is G.711 and the pipeline runs at its 8 kHz, and send the bytes as they are.
    /// </summary>
    int ReadOutbound(Span<short> pcm, Span<byte> payload, PayloadCodec codec)
    {
        int read = Math.Clamp(ReadOutbound(pcm), 0, pcm.Length);
        PayloadCodecs.Encode(codec, pcm[..read], payload);
        return read;
    }
}
