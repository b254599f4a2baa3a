using Appliance.Media.Session;
using Appliance.Pipeline.Recording;

namespace Appliance.Cli;

/// <summary>Keeps what a media session receives (its played-out 20 ms frames) and writes it as a mono 16-bit WAV.</summary>
internal sealed class WavRecorder(int sampleRate, TimeSpan expected) : IMediaAudioSink
{
    private short[] _samples = new short[(int)(sampleRate * (expected.TotalSeconds + 5))];
    private int _count;

    public int SampleRate => sampleRate;

    public TimeSpan Recorded => TimeSpan.FromSeconds((double)_count / sampleRate);

    /// <summary>Called under the session's lock on the pacer thread; grows (rarely) when the call outlasts the estimate.</summary>
    public void OnInboundAudio(ReadOnlySpan<short> pcm)
    {
        if (_count + pcm.Length > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + pcm.Length));
        }
        pcm.CopyTo(_samples.AsSpan(_count));
        _count += pcm.Length;
    }

    /// <summary>Writes the recording (call it once the session has stopped).</summary>
    public void Save(string path)
    {
        using var wav = new WavFileWriter(path, sampleRate, channels: 1);
        wav.Write(_samples.AsSpan(0, _count));
    }
}
