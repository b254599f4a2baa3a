namespace Appliance.Media.Pacing;

/// <summary>RTP timestamp and marker bit for one outgoing frame.</summary>
public readonly record struct RtpStamp(uint Timestamp, bool Marker);
