using System.Runtime.InteropServices;

namespace Appliance.Providers.Tests.Realtime.Harness;

/// <summary>Test signals.</summary>
internal static class TestAudio
{
    public static short[] Sine(int sampleRate, int milliseconds, double frequency = 440, double amplitude = 8000)
    {
        var samples = new short[sampleRate * milliseconds / 1000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    public static byte[] ToBytes(short[] pcm) => MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();

    public static short[] ToSamples(byte[] bytes) => MemoryMarshal.Cast<byte, short>(bytes).ToArray();

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
