using Appliance.Media.Codecs;

namespace Appliance.Providers.Realtime;

/// <summary>Resolves <see cref="RealtimeAudioFormat.Auto"/> for a call and relates formats to the payloads audio frames carry.</summary>
internal static class RealtimeAudioFormatExtensions
{
    private const int G711Rate = 8000;

    /// <summary>
    /// The format to use on a call with codec <paramref name="callCodec"/> (PCMU, PCMA, G722) and a pipeline at
    /// <paramref name="pipelineRate"/>: an explicit choice stands; Auto takes the call's G.711 law when the pipeline
    /// runs at 8 kHz (the bytes then pass through untouched), PCM16 otherwise.
    /// </summary>
    public static RealtimeAudioFormat Resolve(this RealtimeAudioFormat format, string? callCodec, int pipelineRate)
    {
        if (format != RealtimeAudioFormat.Auto)
        {
            return format;
        }

        return pipelineRate != G711Rate ? RealtimeAudioFormat.Pcm16 : PayloadCodecs.FromName(callCodec) switch
        {
            PayloadCodec.Pcmu => RealtimeAudioFormat.Pcmu,
            PayloadCodec.Pcma => RealtimeAudioFormat.Pcma,
            _ => RealtimeAudioFormat.Pcm16,
        };
    }

    /// <summary>
    /// The payload codec whose bytes can stand in for the provider's audio untouched: the G.711 law of
    /// <paramref name="format"/> when the pipeline runs at the provider's rate (no resampling between them); None otherwise.
    /// </summary>
    public static PayloadCodec PassThroughCodec(this RealtimeAudioFormat format, int pipelineRate, int providerRate)
    {
        if (pipelineRate != providerRate)
        {
            return PayloadCodec.None;
        }

        return format switch
        {
            RealtimeAudioFormat.Pcmu => PayloadCodec.Pcmu,
            RealtimeAudioFormat.Pcma => PayloadCodec.Pcma,
            _ => PayloadCodec.None,
        };
    }
}
