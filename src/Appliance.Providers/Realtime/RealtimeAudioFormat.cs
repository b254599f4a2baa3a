namespace Appliance.Providers.Realtime;

/// <summary>The audio encoding exchanged with an OpenAI Realtime session (Gemini Live always uses PCM16).</summary>
public enum RealtimeAudioFormat
{
    /// <summary>
    /// The call's own G.711 law when the call is PCMU/PCMA and its pipeline runs at 8 kHz, so the caller's and the model's
    /// bytes pass through untouched; <see cref="Pcm16"/> otherwise (G.722, or a pipeline at another rate).
    /// </summary>
    Auto,

    /// <summary>16-bit little-endian PCM at 24 kHz ("audio/pcm" / BETA "pcm16"); the pipeline audio is resampled.</summary>
    Pcm16,

    /// <summary>G.711 µ-law at 8 kHz ("audio/pcmu" / BETA "g711_ulaw").</summary>
    /// <remarks>
    /// On a PCMU call at an 8 kHz pipeline the RTP payload bytes go to the model and the model's bytes to RTP untouched
    /// (audio frames carry them beside the PCM). Otherwise the audio is encoded from, and decoded to, pipeline PCM,
    /// through resamplers when the pipeline runs at another rate.
    /// </remarks>
    Pcmu,

    /// <summary>G.711 A-law at 8 kHz ("audio/pcma" / BETA "g711_alaw"); passes through on PCMA calls like <see cref="Pcmu"/>.</summary>
    Pcma,
}
