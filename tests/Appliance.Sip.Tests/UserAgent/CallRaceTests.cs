using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class CallRaceTests
{
    [Fact]
    public async Task Accept_racing_cancel_yields_exactly_one_final_response_and_a_consistent_call()
    {
        for (int i = 0; i < 200; i++)
        {
            using var f = new UserAgentFixture();
            f.Handler.OnCall = c => c.Ring();
            RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite());
            IncomingCall call = f.Handler.Last;
            var cancel = new RecordedServerRequest(SipText.Parse(UserAgentFixture.Request("CANCEL", "sip:+15550001@192.0.2.10", "z9hG4bKinv1", 1,
                UserAgentFixture.PeerCallId, null, "Max-Forwards: 70\n")), "UDP", UserAgentFixture.Peer);
            bool accepted = false;

            Parallel.Invoke(() => accepted = call.Accept(UserAgentFixture.AnswerSdp), () => f.Agent.OnRequest(cancel));

            List<int> finals = invite.Responses.Where(r => r.StatusCode >= 200).Select(r => r.StatusCode).ToList();
            Assert.Equal(200, cancel.Last.StatusCode);
            if (accepted)
            {
                Assert.Equal([200], finals);
                Assert.Equal(SipCallState.Established, call.State);
            }
            else
            {
                Assert.Equal([487], finals);
                Assert.Equal(SipCallEndReason.Cancelled, (await call.Ended).Reason);
            }
        }
    }
}
