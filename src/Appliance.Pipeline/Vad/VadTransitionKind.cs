namespace Appliance.Pipeline.Vad;

/// <summary>A confirmed change reported by <see cref="VadAnalyzer"/>.</summary>
public enum VadTransitionKind
{
    /// <summary>Starting → Speaking.</summary>
    UserStartedSpeaking = 1,

    /// <summary>Stopping → Quiet.</summary>
    UserStoppedSpeaking = 2,
}
