namespace Appliance.Interop.Tests.Realtime;

/// <summary>One RTP packet from the appliance: its arrival (<see cref="System.Diagnostics.Stopwatch"/> timestamp) and payload.</summary>
internal sealed record ReceivedRtp(long ArrivedAt, ushort Sequence, byte PayloadType, byte[] Payload);
