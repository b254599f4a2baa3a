namespace Appliance.Pipeline.Turns;

/// <summary>Settings of the <see cref="UserTurnProcessor"/>.</summary>
public sealed class TurnTakingOptions
{
    /// <summary>How long the user must speak over the bot before it is interrupted (so a cough does not cut it off).</summary>
    public TimeSpan MinInterruptionDuration { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long a pause the completion model called unfinished may last before the turn ends anyway.</summary>
    public TimeSpan IncompleteTurnTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How much of the turn's latest audio the completion model is given.</summary>
    public TimeSpan CompletionWindow { get; init; } = TimeSpan.FromSeconds(8);
}
