namespace Appliance.Providers.Brain;

/// <summary>What the conversation does after a tool call.</summary>
public enum BrainAction
{
    /// <summary>Stay on the current node; only the tool result goes back to the model.</summary>
    Stay,

    /// <summary>Move to another node: update the model's instructions and tools.</summary>
    Transition,

    /// <summary>Say the closing text (if any), then hang up.</summary>
    End,

    /// <summary>Say the text (if any), then transfer the caller to <see cref="BrainDecision.TransferTo"/>.</summary>
    Transfer,
}
