using Appliance.Pipeline.Frames;

namespace Appliance.Providers.Realtime;

/// <summary>
/// Pushed downstream behind the bot's audio: processors pass it on in order and the pipeline releases it at the sink
/// (or when a queue drops or closes), so once it is released every audio frame pushed before it has reached playout.
/// </summary>
internal sealed class PlayoutMarkerFrame : ControlFrame
{
    private readonly TaskCompletionSource _passed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PlayoutMarkerFrame()
        : base(uninterruptible: true)
    {
    }

    /// <summary>Completes when the marker has left the pipeline.</summary>
    public Task Passed => _passed.Task;

    /// <inheritdoc/>
    public override void Release() => _passed.TrySetResult();
}
