namespace Appliance.Interop.Tests.Infrastructure;

/// <summary>Speech and silence assembled into test WAVs with espeak-ng and sox (apt).</summary>
internal static class TestAudio
{
    /// <summary>Speaks the text to a mono 16-bit WAV at the rate, returning its path inside the directory.</summary>
    public static async Task<string> SpeakAsync(string directory, string name, string text, int rate)
    {
        var raw = Path.Combine(directory, name + "-raw.wav");
        var path = Path.Combine(directory, name + ".wav");
        Check(await ProcessRunner.RunAsync("espeak-ng", ["-w", raw, text], TimeSpan.FromSeconds(30)));
        Check(await ProcessRunner.RunAsync("sox", [raw, "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16", path], TimeSpan.FromSeconds(30)));
        return path;
    }

    /// <summary>Concatenates parts: a WAV path, or a number of seconds of silence.</summary>
    public static async Task<string> ComposeAsync(string directory, string name, int rate, params object[] parts)
    {
        var inputs = new List<string>();
        var index = 0;
        foreach (var part in parts)
        {
            if (part is string wav)
            {
                inputs.Add(wav);
                continue;
            }
            var silence = Path.Combine(directory, $"{name}-silence{index++}.wav");
            var seconds = Convert.ToDouble(part, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Check(await ProcessRunner.RunAsync("sox", ["-n", "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16", silence, "trim", "0", seconds], TimeSpan.FromSeconds(30)));
            inputs.Add(silence);
        }
        var path = Path.Combine(directory, name + ".wav");
        Check(await ProcessRunner.RunAsync("sox", [.. inputs, path], TimeSpan.FromSeconds(30)));
        return path;
    }

    private static void Check(ProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Output);
        }
    }
}
