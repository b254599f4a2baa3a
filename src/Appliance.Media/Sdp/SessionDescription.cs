using System.Text;

namespace Appliance.Media.Sdp;

/// <summary>An RFC 4566 session description. Mutable and string-based: SDP is a cold path, clarity wins.</summary>
public sealed class SessionDescription
{
    public SessionDescription(SdpOrigin origin, string sessionName = "-")
    {
        Origin = origin;
        SessionName = sessionName;
    }

    public SdpOrigin Origin { get; set; }

    public string SessionName { get; set; }

    /// <summary>Session-level c=; media-level c= wins when both are present.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>t= values ("0 0" for telephony). At least one is written.</summary>
    public List<string> Timings { get; } = [];

    /// <summary>i=, u=, e=, p=, b=, r=, z=, k= lines in their original order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>Session-level a= lines, including unknown ones.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>The session-level direction attribute, or null (media-level wins over it).</summary>
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

    /// <summary>The connection that applies to a media section: its own c=, else the session-level one.</summary>
    public SdpConnection? ConnectionFor(MediaDescription media) => media.Connection ?? Connection;

    /// <summary>The effective direction of a media section: media-level, else session-level, else sendrecv.</summary>
    public MediaDirection DirectionFor(MediaDirection? mediaLevel) => mediaLevel ?? Direction ?? MediaDirection.SendRecv;

    /// <summary>Serializes with CRLF line ends, fields in RFC 4566 §5 order.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(512);
        builder.Append("v=0\r\n");
        builder.Append("o=").Append(Origin).Append("\r\n");
        builder.Append("s=").Append(SessionName).Append("\r\n");
        AppendLines(builder, OtherLines, "iuep");
        if (Connection is not null)
        {
            builder.Append("c=").Append(Connection).Append("\r\n");
        }

        AppendLines(builder, OtherLines, "b");
        if (Timings.Count == 0)
        {
            builder.Append("t=0 0\r\n");
        }

        foreach (string timing in Timings)
        {
            builder.Append("t=").Append(timing).Append("\r\n");
        }

        AppendLines(builder, OtherLines, "rzk");
        foreach (SdpAttribute attribute in Attributes)
        {
            builder.Append("a=").Append(attribute.ToString()).Append("\r\n");
        }

        foreach (MediaDescription media in Media)
        {
            media.WriteTo(builder);
        }

        return builder.ToString();
    }

    internal static void AppendLines(StringBuilder builder, List<SdpLine> lines, string types)
    {
        foreach (SdpLine line in lines)
        {
            if (types.Contains(line.Type, StringComparison.Ordinal))
            {
                builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
            }
        }
    }
}
