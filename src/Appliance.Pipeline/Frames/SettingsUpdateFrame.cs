namespace Appliance.Pipeline.Frames;

/// <summary>Changes processor settings in order with the frames around it (voice, language, prompt...).</summary>
/// <param name="settings">Setting names and values; each processor applies the ones it knows.</param>
/// <param name="uninterruptible">True when an interruption must not drop the update.</param>
public sealed class SettingsUpdateFrame(IReadOnlyDictionary<string, string> settings, bool uninterruptible = true) : ControlFrame(uninterruptible)
{
    /// <summary>Setting names and values.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; } = settings;
}
