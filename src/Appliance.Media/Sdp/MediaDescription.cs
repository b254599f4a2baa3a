using System.Globalization;
using System.Text;

namespace Appliance.Media.Sdp;

/// <summary>One m= section: <c>m=audio 40000 RTP/AVP 0 8 101</c> and the lines below it.</summary>
public sealed class MediaDescription
{
    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", ...</summary>
    public string Media { get; set; }

    /// <summary>0 marks a rejected or disabled stream.</summary>
    public int Port { get; set; }

    /// <summary>The optional "/count" after the port; null when absent.</summary>
    public int? PortCount { get; set; }

    /// <summary>"RTP/AVP", "RTP/SAVP", ...</summary>
    public string Protocol { get; set; }

    /// <summary>Format list in the writer's preference order (payload type numbers for RTP).</summary>
    public List<string> Formats { get; }

    /// <summary>Media-level c=, which overrides the session-level one.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>i=, b=, k= lines in their original order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>All a= lines in order, including the ones this layer does not understand.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The value of the first attribute with this name, or null (also null for a property attribute).</summary>
    public string? GetAttribute(string name)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>True if an attribute with this name is present (with or without a value).</summary>
    public bool HasAttribute(string name)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The media-level direction attribute, or null if there is none.</summary>
    public MediaDirection? Direction
    {
        get
        {
            foreach (SdpAttribute attribute in Attributes)
            {
                if (attribute.Value is null && MediaDirectionExtensions.TryParseAttribute(attribute.Name, out MediaDirection direction))
                {
                    return direction;
                }
            }

            return null;
        }
    }

    /// <summary>The rtpmap for a payload type, or null (static payload types often have none).</summary>
    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (attribute.Name == "rtpmap" && attribute.Value is not null
                && SdpRtpMap.TryParse(attribute.Value, out SdpRtpMap map) && map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The fmtp parameters for a payload type, or null.</summary>
    public string? FindFmtp(int payloadType)
    {
        string prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (SdpAttribute attribute in Attributes)
        {
            if (attribute.Name == "fmtp" && attribute.Value is not null && attribute.Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return attribute.Value[prefix.Length..].Trim();
            }
        }

        return null;
    }

    /// <summary>A positive integer attribute such as ptime or maxptime, or null if absent or malformed.</summary>
    public int? GetIntegerAttribute(string name)
    {
        string? value = GetAttribute(name);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result) && result > 0 ? result : null;
    }

    internal void WriteTo(StringBuilder builder)
    {
        builder.Append("m=").Append(Media).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (PortCount is int count)
        {
            builder.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(' ').Append(Protocol);
        foreach (string format in Formats)
        {
            builder.Append(' ').Append(format);
        }

        builder.Append("\r\n");
        SessionDescription.AppendLines(builder, OtherLines, "i");
        if (Connection is not null)
        {
            builder.Append("c=").Append(Connection).Append("\r\n");
        }

        SessionDescription.AppendLines(builder, OtherLines, "bk");
        foreach (SdpAttribute attribute in Attributes)
        {
            builder.Append("a=").Append(attribute.ToString()).Append("\r\n");
        }
    }
}
