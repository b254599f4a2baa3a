using System.Text.Json;

namespace Appliance.Providers.Realtime.OpenAi;

/// <summary>
/// The hot fields of one server event, read in a single <see cref="Utf8JsonReader"/> pass without materializing
/// strings: the event type, and for audio deltas the item id and the base64 audio as slices of the message.
/// </summary>
internal readonly ref struct OpenAiEnvelope
{
    private OpenAiEnvelope(OpenAiEventType type, ReadOnlySpan<byte> itemId, ReadOnlySpan<byte> delta, bool deltaEscaped)
    {
        Type = type;
        ItemId = itemId;
        Delta = delta;
        DeltaEscaped = deltaEscaped;
    }

    public OpenAiEventType Type { get; }

    /// <summary>The raw (unescaped-as-sent) item id.</summary>
    public ReadOnlySpan<byte> ItemId { get; }

    /// <summary>The delta string's raw bytes; JSON-escaped when <see cref="DeltaEscaped"/>.</summary>
    public ReadOnlySpan<byte> Delta { get; }

    /// <summary>True when the delta contains JSON escapes (e.g. "\/") and must be unescaped before base64 decoding.</summary>
    public bool DeltaEscaped { get; }

    /// <summary>Reads the top-level fields; false when the message is not a JSON object with a string "type".</summary>
    /// <exception cref="JsonException">The message is not valid JSON.</exception>
    public static bool TryRead(ReadOnlySpan<byte> json, out OpenAiEnvelope envelope)
    {
        var reader = new Utf8JsonReader(json);
        envelope = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        ReadOnlySpan<byte> type = default;
        ReadOnlySpan<byte> itemId = default;
        ReadOnlySpan<byte> delta = default;
        bool hasType = false;
        bool deltaEscaped = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                type = reader.ValueSpan;
                hasType = true;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    delta = reader.ValueSpan;
                    deltaEscaped = reader.ValueIsEscaped;
                }
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    itemId = reader.ValueSpan;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasType)
        {
            return false;
        }

        envelope = new OpenAiEnvelope(Classify(type), itemId, delta, deltaEscaped);
        return true;
    }

    private static OpenAiEventType Classify(ReadOnlySpan<byte> type)
    {
        // Audio deltas dominate the stream, so they are tested first.
        if (type.SequenceEqual("response.output_audio.delta"u8) || type.SequenceEqual("response.audio.delta"u8))
        {
            return OpenAiEventType.AudioDelta;
        }

        if (type.SequenceEqual("input_audio_buffer.speech_started"u8))
        {
            return OpenAiEventType.SpeechStarted;
        }

        if (type.SequenceEqual("input_audio_buffer.speech_stopped"u8))
        {
            return OpenAiEventType.SpeechStopped;
        }

        if (type.SequenceEqual("response.created"u8))
        {
            return OpenAiEventType.ResponseCreated;
        }

        if (type.SequenceEqual("response.done"u8))
        {
            return OpenAiEventType.ResponseDone;
        }

        if (type.SequenceEqual("response.function_call_arguments.done"u8))
        {
            return OpenAiEventType.FunctionCallArgumentsDone;
        }

        if (type.SequenceEqual("conversation.item.input_audio_transcription.completed"u8))
        {
            return OpenAiEventType.InputTranscriptionCompleted;
        }

        if (type.SequenceEqual("response.output_audio_transcript.done"u8) || type.SequenceEqual("response.audio_transcript.done"u8))
        {
            return OpenAiEventType.OutputTranscriptDone;
        }

        if (type.SequenceEqual("session.created"u8))
        {
            return OpenAiEventType.SessionCreated;
        }

        if (type.SequenceEqual("session.updated"u8))
        {
            return OpenAiEventType.SessionUpdated;
        }

        return type.SequenceEqual("error"u8) ? OpenAiEventType.Error : OpenAiEventType.Other;
    }
}
