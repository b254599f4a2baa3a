namespace Appliance.Sip.UserAgent;

/// <summary>The application's side of the user agent: decides what happens to each new call.</summary>
public interface ISipCallHandler
{
    /// <summary>
    /// A new INVITE passed every protocol check. Answer, ring or reject through <paramref name="call"/>, now or later, from
    /// any thread; an unanswered call stays ringing until the caller cancels. Called on a transport thread: do not block.
    /// </summary>
    void OnIncomingCall(IncomingCall call);
}
