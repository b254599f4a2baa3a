using Appliance.Media.Resampling;
using Appliance.Media.Session;

namespace Appliance.Cli;

/// <summary>Plays PCM to a media session once, resampled up front to the session's rate; silence afterwards.</summary>
internal sealed class WavPlayer : IMediaAudioSource
{
    private readonly short[] _samples;
    private int _position;

    public WavPlayer(short[] samples, int sampleRate, int sessionRate)
    {
        var resampler = new Resampler(sampleRate, sessionRate);
        _samples = new short[resampler.GetOutputLength(samples.Length)];
        resampler.Process(samples, _samples);
    }

    /// <summary>Samples at the session's rate.</summary>
    public int Length => _samples.Length;

    /// <summary>Called under the session's lock on the pacer thread.</summary>
    public int ReadOutbound(Span<short> pcm)
    {
        var count = Math.Min(pcm.Length, _samples.Length - _position);
        _samples.AsSpan(_position, count).CopyTo(pcm);
        _position += count;
        return count;
    }
}
