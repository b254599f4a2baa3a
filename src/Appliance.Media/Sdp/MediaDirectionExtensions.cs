namespace Appliance.Media.Sdp;

/// <summary>Direction algebra used by offer/answer.</summary>
public static class MediaDirectionExtensions
{
    /// <summary>The direction the other side sees: sendonly ↔ recvonly; sendrecv and inactive are symmetric.</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>Both directions allowed by <paramref name="direction"/> and <paramref name="limit"/>.</summary>
    public static MediaDirection Intersect(this MediaDirection direction, MediaDirection limit)
    {
        bool send = direction.CanSend() && limit.CanSend();
        bool receive = direction.CanReceive() && limit.CanReceive();
        return FromFlags(send, receive);
    }

    public static bool CanSend(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool CanReceive(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The SDP attribute name ("sendrecv", ...).</summary>
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    internal static MediaDirection FromFlags(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    internal static bool TryParseAttribute(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }
}
