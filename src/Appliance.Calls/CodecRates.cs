using Appliance.Media.Codecs;
using Appliance.Media.Sdp;

namespace Appliance.Calls;

/// <summary>The PCM rate a codec samples at, which SDP does not say (G.722 claims an 8 kHz RTP clock but samples at 16 kHz).</summary>
internal static class CodecRates
{
    private static readonly CodecRegistry Known = CodecRegistry.CreateDefault();

    public static int SampleRate(SdpCodec codec) =>
        Known.TryGet(codec.Name, codec.ClockRate, out var descriptor) ? descriptor.SampleRate : codec.ClockRate;
}
