using System.Globalization;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Realtime;

/// <summary>SIPp signalling a PCMU call whose media is the test's <see cref="RtpPeer"/>; the run completes when the call has ended.</summary>
internal static class SippCaller
{
    /// <summary>The caller stays <paramref name="hold"/> and hangs up; the appliance hanging up first fails the run.</summary>
    /// <remarks>SIPp's own call timeout (the last -timeout wins) and the process limit grow with the hold.</remarks>
    public static Task<ProcessResult> CallerHangsUpAsync(ApplianceProcess appliance, RtpPeer media, TimeSpan hold) =>
        Sipp.RunAsync(appliance, Scenario("realtime_caller_hangs_up.xml"), SipTransport.Udp,
            extra: ["-key", "rtp_port", Text(media.Port), "-d", Text((int)hold.TotalMilliseconds), "-timeout", Text((int)hold.TotalSeconds + 60) + "s"],
            timeout: hold + TimeSpan.FromSeconds(90));

    /// <summary>The appliance must hang up within <paramref name="within"/> of each step (SIPp's receive timeout).</summary>
    public static Task<ProcessResult> ApplianceHangsUpAsync(ApplianceProcess appliance, RtpPeer media, TimeSpan within) =>
        Sipp.RunAsync(appliance, Scenario("realtime_appliance_hangs_up.xml"), SipTransport.Udp,
            extra: ["-key", "rtp_port", Text(media.Port), "-recv_timeout", Text((int)within.TotalMilliseconds)]);

    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Realtime", "Scenarios", name);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
