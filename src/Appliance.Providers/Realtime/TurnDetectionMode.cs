namespace Appliance.Providers.Realtime;

/// <summary>Who decides that the caller's turn ended.</summary>
public enum TurnDetectionMode
{
    /// <summary>The provider's voice activity detector (OpenAI server_vad, Gemini automatic activity detection).</summary>
    ServerVad,

    /// <summary>OpenAI semantic_vad: a model judges whether the caller finished (Gemini falls back to its VAD).</summary>
    SemanticVad,
}
