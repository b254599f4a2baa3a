using System.Globalization;

namespace Appliance.Media.Sdp;

/// <summary>An a=rtpmap value: <c>101 telephone-event/8000</c> or <c>0 PCMU/8000/1</c>.</summary>
public readonly record struct SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels = 1)
{
    public override string ToString() => Channels == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{Channels}");

    public static bool TryParse(string value, out SdpRtpMap map)
    {
        map = default;
        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType) || payloadType > 127)
        {
            return false;
        }

        string[] encoding = value[(space + 1)..].Trim().Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0
            || !int.TryParse(encoding[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate) || clockRate <= 0)
        {
            return false;
        }

        int channels = 1;
        if (encoding.Length == 3 && (!int.TryParse(encoding[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels <= 0))
        {
            return false;
        }

        map = new SdpRtpMap(payloadType, encoding[0], clockRate, channels);
        return true;
    }
}
