namespace Appliance.Providers.Realtime;

/// <summary>The audio encoding exchanged with an OpenAI Realtime session (Gemini Live always uses PCM16).</summary>
public enum RealtimeAudioFormat
{
    /// <summary>16-bit little-endian PCM at 24 kHz ("audio/pcm" / BETA "pcm16"); the pipeline audio is resampled.</summary>
    Pcm16,

    /// <summary>G.711 µ-law at 8 kHz ("audio/pcmu" / BETA "g711_ulaw"): no resampling when the pipeline runs at 8 kHz.</summary>
    /// <remarks>
    /// The pipeline carries PCM only (no raw RTP payloads), so caller audio is re-encoded from the PCM media decoded. At an
    /// 8 kHz pipeline that round trip is bit-exact with the RTP payloads, except µ-law's negative zero 0x7F, which comes
    /// back as 0xFF (the same silence); at 16 kHz the audio also passes through two resamplers.
    /// </remarks>
    Pcmu,

    /// <summary>G.711 A-law at 8 kHz ("audio/pcma" / BETA "g711_alaw").</summary>
    Pcma,
}
