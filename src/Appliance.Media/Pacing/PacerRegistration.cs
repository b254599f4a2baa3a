namespace Appliance.Media.Pacing;

/// <summary>A stream's place in the pacer; dispose to stop its ticks. A tick already running may still complete.</summary>
public sealed class PacerRegistration : IDisposable
{
    private readonly MediaPacer _pacer;

    internal PacerRegistration(MediaPacer pacer, IPacedStream stream, int bucket, TimeSpan firstDue)
    {
        _pacer = pacer;
        Stream = stream;
        Bucket = bucket;
        NextDue = firstDue;
    }

    internal IPacedStream Stream { get; }

    internal int Bucket { get; }

    /// <summary>Only touched by the pacer's tick pass.</summary>
    internal TimeSpan NextDue { get; set; }

    internal int PendingSkipped { get; set; }

    internal volatile bool Removed;

    public void Dispose() => _pacer.Remove(this);
}
