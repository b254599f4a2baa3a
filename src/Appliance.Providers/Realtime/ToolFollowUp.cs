using Appliance.Providers.Brain;

namespace Appliance.Providers.Realtime;

/// <summary>
/// What the brain asked for during one batch of tool calls beyond their results: text to say once the model has the
/// results, then possibly an end or a transfer (which wait until that text has been heard).
/// </summary>
/// <param name="Say">Text the model should speak next; null for none.</param>
/// <param name="Action"><see cref="BrainAction.End"/> or <see cref="BrainAction.Transfer"/> to hand the call off after the say; <see cref="BrainAction.Stay"/> otherwise.</param>
/// <param name="TransferTo">The transfer target, for <see cref="BrainAction.Transfer"/>.</param>
internal sealed record ToolFollowUp(string? Say, BrainAction Action, string? TransferTo)
{
    /// <summary>The call ends or is transferred once the say has played.</summary>
    public bool HandsOff => Action is BrainAction.End or BrainAction.Transfer;

    /// <summary>
    /// Adds <paramref name="decision"/> to what <paramref name="earlier"/> decisions of the same batch asked for: the
    /// texts are said one after the other, and the first end or transfer wins. Null when nothing is asked for.
    /// </summary>
    public static ToolFollowUp? Merge(ToolFollowUp? earlier, BrainDecision decision)
    {
        BrainAction action = decision.Action is BrainAction.End or BrainAction.Transfer ? decision.Action : BrainAction.Stay;
        if (decision.Say is null && action == BrainAction.Stay)
        {
            return earlier;
        }

        if (earlier is null)
        {
            return new ToolFollowUp(decision.Say, action, decision.TransferTo);
        }

        string? say = earlier.Say is null ? decision.Say : decision.Say is null ? earlier.Say : earlier.Say + " " + decision.Say;
        return earlier.HandsOff
            ? earlier with { Say = say }
            : new ToolFollowUp(say, action, decision.TransferTo);
    }
}
