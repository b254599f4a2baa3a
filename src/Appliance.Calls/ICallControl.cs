namespace Appliance.Calls;

/// <summary>Call control for the admin API: place calls, read their status, hang them up.</summary>
public interface ICallControl
{
    /// <summary>Places an outbound call (counted against admission like any call); returns at once, while it dials.</summary>
    OriginateResult Originate(OutboundCallRequest request);

    /// <summary>A live or recently ended call, or null.</summary>
    CallStatus? Find(string id);

    /// <summary>Live calls then recently ended ones, each newest first.</summary>
    IReadOnlyList<CallStatus> List();

    /// <summary>Hangs up a live call (BYE, or CANCEL while it rings) and waits briefly for its teardown; null when the id is unknown.</summary>
    Task<CallStatus?> HangupAsync(string id, CancellationToken cancellationToken);
}
