namespace Appliance.Media.Sdp;

/// <summary>RFC 3264 media direction, always from the point of view of the side that wrote it.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
