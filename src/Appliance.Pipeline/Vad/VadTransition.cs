namespace Appliance.Pipeline.Vad;

/// <summary>A confirmed speech start or stop, timed in samples since the analyzer's stream began.</summary>
/// <param name="Kind">Started or stopped.</param>
/// <param name="OnsetSample">First sample of the chunk that began the run (where speech, or the silence, began).</param>
/// <param name="ConfirmedSample">End of the chunk that confirmed it (when the change became known).</param>
public readonly record struct VadTransition(VadTransitionKind Kind, long OnsetSample, long ConfirmedSample);
