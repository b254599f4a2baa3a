namespace Appliance.Media.Sdp;

/// <summary>An audio codec as SDP names it. <see cref="ClockRate"/> is the RTP clock (8000 for G.722 per RFC 3551).</summary>
public readonly record struct SdpCodec(string Name, int StaticPayloadType, int ClockRate)
{
    public static SdpCodec Pcmu { get; } = new("PCMU", 0, 8000);

    public static SdpCodec Pcma { get; } = new("PCMA", 8, 8000);

    public static SdpCodec G722 { get; } = new("G722", 9, 8000);

    /// <summary>Looks up a codec by its configuration/SDP name, case-insensitively ("pcmu" works).</summary>
    public static bool TryFromName(string name, out SdpCodec codec)
    {
        foreach (SdpCodec known in (ReadOnlySpan<SdpCodec>)[Pcmu, Pcma, G722])
        {
            if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                codec = known;
                return true;
            }
        }

        codec = default;
        return false;
    }

    /// <summary>The codec a static payload type always means, whatever name a peer's rtpmap gives it.</summary>
    public static bool TryFromStaticPayloadType(int payloadType, out SdpCodec codec)
    {
        codec = payloadType switch
        {
            0 => Pcmu,
            8 => Pcma,
            9 => G722,
            _ => default,
        };
        return codec.Name is not null;
    }
}
