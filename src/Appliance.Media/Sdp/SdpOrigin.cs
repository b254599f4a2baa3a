using System.Globalization;

namespace Appliance.Media.Sdp;

/// <summary>The o= line. <see cref="SessionVersion"/> goes up by one for every changed offer or answer (RFC 3264 §8).</summary>
public sealed record SdpOrigin(string Username, ulong SessionId, ulong SessionVersion, string AddressType, string Address)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Username} {SessionId} {SessionVersion} IN {AddressType} {Address}");

    internal static bool TryParse(string value, out SdpOrigin? origin)
    {
        origin = null;
        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || parts[3] != "IN"
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
            || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong version))
        {
            return false;
        }

        origin = new SdpOrigin(parts[0], id, version, parts[4], parts[5]);
        return true;
    }
}
