namespace Appliance.Pipeline.Recording;

/// <summary>Which side of the call a chunk of recorded audio belongs to.</summary>
internal enum RecordingChannel
{
    /// <summary>The caller: left channel.</summary>
    Caller,

    /// <summary>The bot, as played: right channel.</summary>
    Bot,
}
