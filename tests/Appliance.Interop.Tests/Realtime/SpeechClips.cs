using System.Buffers.Binary;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>Spoken sentences from espeak-ng (via sox) as PCM or µ-law, made in a temp folder deleted on dispose.</summary>
internal sealed class SpeechClips : IDisposable
{
    private int _count;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("realtime-audio-").FullName;

    /// <summary>The sentence as a mono 16-bit WAV at <paramref name="rate"/>.</summary>
    public Task<string> WavAsync(string text, int rate) =>
        TestAudio.SpeakAsync(Directory, $"clip{Interlocked.Increment(ref _count)}", text, rate);

    /// <summary>The sentence without espeak-ng's leading and trailing silence, so its first and last 20 ms are audible.</summary>
    public async Task<short[]> PcmAsync(string text, int rate)
    {
        short[] pcm = Wav.ReadMono16(await WavAsync(text, rate)).Samples;
        int start = Array.FindIndex(pcm, s => Math.Abs((int)s) > 200);
        int end = Array.FindLastIndex(pcm, s => Math.Abs((int)s) > 200);
        return start < 0 ? pcm : pcm[start..(end + 1)];
    }

    /// <summary>The sentence at 8 kHz in µ-law, as a phone or a G.711 model sends it.</summary>
    public async Task<byte[]> UlawAsync(string text) => Ulaw.Encode(await PcmAsync(text, 8000));

    /// <summary>16-bit little-endian bytes, as Gemini and OpenAI carry PCM.</summary>
    public static byte[] Bytes(ReadOnlySpan<short> pcm)
    {
        var bytes = new byte[pcm.Length * 2];
        for (int i = 0; i < pcm.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), pcm[i]);
        }

        return bytes;
    }

    /// <summary>Samples of 16-bit little-endian bytes.</summary>
    public static short[] Samples(ReadOnlySpan<byte> bytes)
    {
        var pcm = new short[bytes.Length / 2];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
        }

        return pcm;
    }

    /// <summary>A steady tone: every 20 ms of it is loud, so where it stops is unambiguous.</summary>
    public static short[] Tone(int rate, int milliseconds, double hz = 440)
    {
        var pcm = new short[rate * milliseconds / 1000];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        return pcm;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
