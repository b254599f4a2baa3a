namespace Appliance.Media.Pacing;

/// <summary>A media stream driven by the shared <see cref="MediaPacer"/>, once per frame period.</summary>
public interface IPacedStream
{
    /// <summary>
    /// Called on the pacer's thread; must not block (take the next frame from a queue and send it). An exception is
    /// counted in <see cref="MediaPacer.Faults"/> and the stream stays scheduled.
    /// </summary>
    void OnTick(in PacerTick tick);
}
