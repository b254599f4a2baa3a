using System.Diagnostics.CodeAnalysis;

namespace Appliance.Media.Codecs;

/// <summary>
/// Payload formats the media layer can handle, looked up by SDP encoding name or static payload type.
/// An instance (not global state): the host builds one with <see cref="CreateDefault"/> and may <see cref="Add"/> more (e.g. opus).
/// </summary>
public sealed class CodecRegistry
{
    /// <summary>G.711 µ-law encoding name.</summary>
    public const string Pcmu = "PCMU";

    /// <summary>G.711 A-law encoding name.</summary>
    public const string Pcma = "PCMA";

    /// <summary>G.722 encoding name.</summary>
    public const string G722 = "G722";

    /// <summary>RFC 4733 DTMF events encoding name.</summary>
    public const string TelephoneEvent = "telephone-event";

    private readonly List<CodecDescriptor> _descriptors = [];

    /// <summary>All registered formats, in registration order.</summary>
    public IReadOnlyList<CodecDescriptor> Descriptors => _descriptors;

    /// <summary>A registry with PCMU (0), PCMA (8), G722 (9) and telephone-event/8000 (dynamic).</summary>
    public static CodecRegistry CreateDefault()
    {
        var registry = new CodecRegistry();
        registry.Add(new CodecDescriptor(Pcmu, 0, 8000, 8000, static d => new G711Codec(d)));
        registry.Add(new CodecDescriptor(Pcma, 8, 8000, 8000, static d => new G711Codec(d)));
        registry.Add(new CodecDescriptor(G722, 9, 8000, 16000, static d => new G722Codec(d)));
        registry.Add(new CodecDescriptor(TelephoneEvent, -1, 8000, 8000, null));
        return registry;
    }

    /// <summary>Registers a format; a later registration with the same name and clock rate wins.</summary>
    public void Add(CodecDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        _descriptors.RemoveAll(d => Matches(d, descriptor.Name, descriptor.ClockRate));
        _descriptors.Add(descriptor);
    }

    /// <summary>Finds a format by SDP encoding name (case-insensitive, RFC 4566 §6) and RTP clock rate.</summary>
    public bool TryGet(string name, int clockRate, [NotNullWhen(true)] out CodecDescriptor? descriptor)
    {
        foreach (CodecDescriptor d in _descriptors)
        {
            if (Matches(d, name, clockRate))
            {
                descriptor = d;
                return true;
            }
        }

        descriptor = null;
        return false;
    }

    /// <summary>Finds a format by its RFC 3551 static payload type (used when an offer omits the rtpmap).</summary>
    public bool TryGetStatic(int payloadType, [NotNullWhen(true)] out CodecDescriptor? descriptor)
    {
        foreach (CodecDescriptor d in _descriptors)
        {
            if (d.StaticPayloadType >= 0 && d.StaticPayloadType == payloadType)
            {
                descriptor = d;
                return true;
            }
        }

        descriptor = null;
        return false;
    }

    private static bool Matches(CodecDescriptor d, string name, int clockRate) =>
        d.ClockRate == clockRate && string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase);
}
