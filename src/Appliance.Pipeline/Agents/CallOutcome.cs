namespace Appliance.Pipeline.Agents;

/// <summary>How a call ended, once SIP, media and the pipeline are torn down.</summary>
/// <param name="Reason">Why it ended (e.g. RemoteHangup, LocalHangup, Cancelled, Transferred, MediaTimeout).</param>
/// <param name="ByRemote">True when the other side ended it.</param>
/// <param name="Duration">From call setup to teardown.</param>
/// <param name="RecordingPath">The stereo WAV, when recorded.</param>
/// <param name="TranscriptPath">The JSON transcript, when recorded.</param>
public sealed record CallOutcome(string Reason, bool ByRemote, TimeSpan Duration, string? RecordingPath, string? TranscriptPath);
