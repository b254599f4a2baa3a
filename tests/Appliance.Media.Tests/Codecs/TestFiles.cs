using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Appliance.Media.Tests.Codecs;

/// <summary>Reference files checked in beside the tests, external tools (sox, ffmpeg, espeak-ng) and scratch space.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "appliance-media-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>A fresh scratch directory, deleted on dispose.</summary>
    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// Reads a checked-in data file (path relative to the test project) from the source tree, so no csproj content items
    /// are needed: next to this source file, or else found by walking up from the test binaries (for path-mapped CI builds).
    /// </summary>
    public static byte[] ReadReference(string relativePath, [CallerFilePath] string caller = "")
    {
        string besideSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller) ?? ".", "..", relativePath));
        if (File.Exists(besideSource))
        {
            return File.ReadAllBytes(besideSource);
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate);
            }
        }

        throw new FileNotFoundException($"Reference file {relativePath} not found near {caller} or above {AppContext.BaseDirectory}.");
    }

    public static void Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed: {errors}");
    }

    public static short[] ReadPcm(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var samples = new short[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
        return samples;
    }

    public static void WritePcm(string path, ReadOnlySpan<short> samples) =>
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples).ToArray());

    /// <summary>Writes a mono 16-bit PCM WAV file.</summary>
    public static void WriteWav(string path, ReadOnlySpan<short> samples, int sampleRate)
    {
        using var writer = new BinaryWriter(File.Create(path));
        int dataBytes = samples.Length * 2;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(sampleRate);
        writer.Write(sampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples));
    }

    /// <summary>Speech from espeak-ng, resampled by sox to mono s16 at <paramref name="sampleRate"/>.</summary>
    public short[] Speech(string text, int sampleRate)
    {
        string wav = PathOf($"speech-{Guid.NewGuid():N}.wav");
        string raw = PathOf($"speech-{sampleRate}-{Guid.NewGuid():N}.raw");
        Run("espeak-ng", "-w", wav, text);
        Run("sox", "-D", wav, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), raw);
        return ReadPcm(raw);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
