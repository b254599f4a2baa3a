using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

/// <summary>A 440 Hz tone at the pipeline rate; allocation-free.</summary>
internal sealed class ToneSource(int sampleRate = 16000, double amplitude = 8000) : IMediaAudioSource
{
    private long _position;

    public bool Silent { get; set; }

    public int ReadOutbound(Span<short> pcm)
    {
        if (Silent)
        {
            return 0;
        }

        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(amplitude * Math.Sin(2 * Math.PI * 440 * _position++ / sampleRate));
        }

        return pcm.Length;
    }
}
