using System.Diagnostics;

namespace Appliance.Pipeline.Tests.Vad;

/// <summary>
/// Test audio built once per test class: espeak-ng speech resampled by sox (no dither, so repeatable) and laid
/// out between silence and seeded noise, with the sample ranges of each part known.
/// </summary>
public sealed class SpeechAudio
{
    public SpeechAudio()
    {
        Pcm16k = Build(16000, out (int Start, int End)[] speech16k);
        Pcm8k = Build(8000, out (int Start, int End)[] speech8k);
        Speech16k = speech16k;
        Speech8k = speech8k;
    }

    public short[] Pcm16k { get; }

    public short[] Pcm8k { get; }

    /// <summary>Sample ranges [start, end) where speech was placed, per rate.</summary>
    public (int Start, int End)[] Speech16k { get; }

    public (int Start, int End)[] Speech8k { get; }

    public short[] For(int sampleRate) => sampleRate == 16000 ? Pcm16k : Pcm8k;

    public (int Start, int End)[] SpeechFor(int sampleRate) => sampleRate == 16000 ? Speech16k : Speech8k;

    /// <summary>
    /// 1 s low noise, phrase one, 1 s exact digital silence, 0.6 s loud white noise, 1 s low noise, phrase two,
    /// 1.2 s low noise. Low noise sits near -60 dBFS; everything is seeded.
    /// </summary>
    private static short[] Build(int rate, out (int Start, int End)[] speech)
    {
        short[] one = Speak("The quick brown fox jumps over the lazy dog near the river bank.", rate);
        short[] two = Speak("Please call me back tomorrow morning at nine o'clock.", rate);
        var rng = new Random(1234);
        var samples = new List<short>();
        void Noise(double seconds, double amplitude)
        {
            for (int i = 0; i < (int)(seconds * rate); i++)
            {
                samples.Add((short)Math.Round((rng.NextDouble() * 2 - 1) * amplitude));
            }
        }

        Noise(1.0, 30);
        int s1 = samples.Count;
        foreach (short s in one)
        {
            samples.Add((short)Math.Clamp(s + Math.Round((rng.NextDouble() * 2 - 1) * 30), short.MinValue, short.MaxValue));
        }

        int e1 = samples.Count;
        samples.AddRange(new short[rate]);
        Noise(0.6, 4000);
        Noise(1.0, 30);
        int s2 = samples.Count;
        samples.AddRange(two);
        int e2 = samples.Count;
        Noise(1.2, 30);
        speech = [(s1, e1), (s2, e2)];
        return [.. samples];
    }

    private static short[] Speak(string text, int rate)
    {
        string dir = Path.Combine(Path.GetTempPath(), "appliance-vad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string wav = Path.Combine(dir, "speech.wav");
            string raw = Path.Combine(dir, "speech.raw");
            Run("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav, text);
            Run("sox", "-D", wav, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), raw);
            byte[] bytes = File.ReadAllBytes(raw);
            var pcm = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, pcm, 0, pcm.Length * 2);

            // espeak-ng pads its output with silence; trim it so the speech ranges are where the voice is.
            int first = Array.FindIndex(pcm, s => Math.Abs((int)s) > 300);
            int last = Array.FindLastIndex(pcm, s => Math.Abs((int)s) > 300);
            return pcm[first..(last + 1)];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {errors}");
    }
}
