namespace Appliance.Pipeline.Vad;

/// <summary>Where <see cref="VadAnalyzer"/> is in the Quiet → Starting → Speaking → Stopping → Quiet cycle.</summary>
public enum VadState
{
    /// <summary>No speech.</summary>
    Quiet,

    /// <summary>Speech seen, not yet for <see cref="VadParams.StartSeconds"/>.</summary>
    Starting,

    /// <summary>The user is speaking.</summary>
    Speaking,

    /// <summary>Non-speech seen, not yet for <see cref="VadParams.StopSeconds"/>.</summary>
    Stopping,
}
