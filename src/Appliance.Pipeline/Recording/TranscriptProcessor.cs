using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Recording;

/// <summary>Passes every frame on and notes turns and text in the call's transcript.</summary>
/// <remarks>Sits just before the output transport: it sees user turn frames and text going down, bot speaking frames coming up.</remarks>
public sealed class TranscriptProcessor : FrameProcessor
{
    private readonly CallRecorder _recorder;

    /// <summary>Creates the processor for <paramref name="recorder"/>.</summary>
    public TranscriptProcessor(CallRecorder recorder)
        : base("transcript") => _recorder = recorder;

    /// <inheritdoc/>
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        switch (frame)
        {
            case UserStartedSpeakingFrame:
                _recorder.BeginTurn(TranscriptSpeaker.User);
                break;
            case UserStoppedSpeakingFrame:
                _recorder.EndTurn(TranscriptSpeaker.User);
                break;
            case BotStartedSpeakingFrame:
                _recorder.BeginTurn(TranscriptSpeaker.Bot);
                break;
            case BotStoppedSpeakingFrame:
                _recorder.EndTurn(TranscriptSpeaker.Bot);
                break;
            case TranscriptionFrame { IsFinal: true } transcription:
                _recorder.AddText(TranscriptSpeaker.User, transcription.Text);
                break;
            case TextFrame text:
                _recorder.AddText(TranscriptSpeaker.Bot, text.Text);
                break;
        }

        PushFrame(frame, direction);
    }
}
