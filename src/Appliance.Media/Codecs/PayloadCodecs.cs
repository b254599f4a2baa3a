using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media.Codecs;

/// <summary>Maps codec names to <see cref="PayloadCodec"/> and encodes PCM into its bytes.</summary>
public static class PayloadCodecs
{
    /// <summary>The pass-through codec for an SDP encoding name (PCMU, PCMA); <see cref="PayloadCodec.None"/> for any other.</summary>
    public static PayloadCodec FromName(string? codecName)
    {
        if (string.Equals(codecName, CodecRegistry.Pcmu, StringComparison.OrdinalIgnoreCase))
        {
            return PayloadCodec.Pcmu;
        }

        return string.Equals(codecName, CodecRegistry.Pcma, StringComparison.OrdinalIgnoreCase) ? PayloadCodec.Pcma : PayloadCodec.None;
    }

    /// <summary>Encodes <paramref name="pcm"/> (8 kHz) into <paramref name="payload"/>, one byte per sample; returns bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is <see cref="PayloadCodec.None"/>.</exception>
    public static int Encode(PayloadCodec codec, ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        switch (codec)
        {
            case PayloadCodec.Pcmu:
                return MuLaw.Encode(pcm, payload);
            case PayloadCodec.Pcma:
                return ALaw.Encode(pcm, payload);
            default:
                ThrowNoCodec(codec);
                return 0;
        }
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowNoCodec(PayloadCodec codec) =>
        throw new ArgumentOutOfRangeException(nameof(codec), codec, "Only G.711 payloads can be encoded.");
}
