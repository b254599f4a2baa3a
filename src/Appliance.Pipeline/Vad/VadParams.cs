namespace Appliance.Pipeline.Vad;

/// <summary>Tuning for <see cref="VadAnalyzer"/>: when a run of 32 ms chunks counts as speech starting or stopping.</summary>
public sealed record VadParams
{
    /// <summary>Speech probability a chunk must reach to count as speech.</summary>
    public float Confidence { get; init; } = 0.7f;

    /// <summary>Speech must last this long (in consecutive chunks) before "user started speaking".</summary>
    public double StartSeconds { get; init; } = 0.2;

    /// <summary>Non-speech must last this long (in consecutive chunks) before "user stopped speaking".</summary>
    public double StopSeconds { get; init; } = 0.8;

    /// <summary>Chunks quieter than this RMS level (dBFS) never count as speech, whatever the model says.</summary>
    public float MinVolumeDbfs { get; init; } = -50f;
}
