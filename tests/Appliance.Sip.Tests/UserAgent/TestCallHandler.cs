using Appliance.Sip.UserAgent;

namespace Appliance.Sip.Tests.UserAgent;

/// <summary>Records incoming calls and applies <see cref="OnCall"/> to each (default: leave it ringing).</summary>
internal sealed class TestCallHandler : ISipCallHandler
{
    public List<IncomingCall> Calls { get; } = [];

    public Action<IncomingCall>? OnCall { get; set; }

    public IncomingCall Last => Calls[^1];

    public void OnIncomingCall(IncomingCall call)
    {
        Calls.Add(call);
        OnCall?.Invoke(call);
    }
}
