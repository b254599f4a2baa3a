using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

/// <summary>Counts frames and remembers the RMS level of the latest one; allocation-free.</summary>
internal sealed class LevelSink : IMediaAudioSink
{
    public int Frames { get; private set; }

    public int LastLength { get; private set; }

    public double LastRms { get; private set; }

    public double PeakRms { get; private set; }

    public void OnInboundAudio(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (short sample in pcm)
        {
            sum += (double)sample * sample;
        }

        Frames++;
        LastLength = pcm.Length;
        LastRms = pcm.IsEmpty ? 0 : Math.Sqrt(sum / pcm.Length);
        PeakRms = Math.Max(PeakRms, LastRms);
    }
}
