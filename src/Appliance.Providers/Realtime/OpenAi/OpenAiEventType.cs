namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>The server events the agent acts on; GA and BETA names map to the same value.</summary>
internal enum OpenAiEventType
{
    Other,
    AudioDelta,
    SessionCreated,
    SessionUpdated,
    SpeechStarted,
    SpeechStopped,
    ResponseCreated,
    ResponseDone,
    FunctionCallArgumentsDone,
    InputTranscriptionCompleted,
    OutputTranscriptDone,
    Error,
}
