using Appliance.Sip.Message;
using Appliance.Sip.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.UserAgent;

public sealed class OutOfDialogRequestTests
{
    [Fact]
    public void Options_gets_200_with_allow_accept_and_supported_and_no_dialog()
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest options = f.Deliver(UserAgentFixture.Request("OPTIONS", "sip:192.0.2.10", "z9hG4bKopt", 1, "ping@lb", null, "Max-Forwards: 0\n"));

        SipMessage ok = options.Last;
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(SipUserAgent.Allow, ok.Header(SipHeaderKind.Allow));
        Assert.Equal("application/sdp", ok.Header(SipHeaderKind.Accept));
        Assert.Equal("timer", ok.Header(SipHeaderKind.Supported));
        Assert.True(ok.To.HasTag);
        Assert.Equal(0, f.Agent.ActiveDialogs);
        Assert.Empty(f.Handler.Calls);
    }

    [Theory]
    [InlineData("FOO", 501)]
    [InlineData("SUBSCRIBE", 405)]
    [InlineData("MESSAGE", 405)]
    [InlineData("PUBLISH", 405)]
    public void Unimplemented_methods_get_501_or_405_with_allow(string method, int expected)
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest request = f.Deliver(UserAgentFixture.Request(method, "sip:192.0.2.10", "z9hG4bKm", 1, "m@peer", null, "Max-Forwards: 70\n"));

        Assert.Equal(expected, request.Last.StatusCode);
        Assert.Equal(SipUserAgent.Allow, request.Last.Header(SipHeaderKind.Allow));
    }

    [Fact]
    public void Unknown_require_gets_420_listing_only_the_unsupported_tags()
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite("Require: timer, 100rel\nRequire: foo\n"));

        Assert.Equal(420, invite.Last.StatusCode);
        Assert.Equal(["100rel", "foo"], invite.Last.Values(SipHeaderKind.Unsupported));
        Assert.Empty(f.Handler.Calls);
    }

    [Fact]
    public void Non_sdp_body_gets_415_with_accept()
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite(sdp: "hello", contentType: "text/plain"));

        Assert.Equal(415, invite.Last.StatusCode);
        Assert.Equal("application/sdp", invite.Last.Header(SipHeaderKind.Accept));
    }

    [Fact]
    public void Max_forwards_zero_reaching_the_endpoint_is_still_a_call()
    {
        // RFC 4475 §3.3.10 (zeromf): 483 is a proxy's answer; an endpoint processes the request.
        using var f = new UserAgentFixture();

        f.Deliver(UserAgentFixture.Invite(maxForwards: 0));

        Assert.Single(f.Handler.Calls);
    }

    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INFO")]
    public void In_dialog_request_for_an_unknown_dialog_gets_481(string method)
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest request = f.Deliver(UserAgentFixture.Request(method, "sip:192.0.2.10", "z9hG4bKx", 2, "gone@peer", "stale-tag", "Max-Forwards: 70\n"));

        Assert.Equal(481, request.Last.StatusCode);
    }

    [Fact]
    public void Session_interval_below_min_se_gets_422_with_our_min_se()
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite("Session-Expires: 30\nSupported: timer\n"));

        Assert.Equal(422, invite.Last.StatusCode);
        Assert.Equal("90", invite.Last.Header(SipHeaderKind.MinSE));
    }

    [Fact]
    public void Merged_request_from_another_branch_gets_482()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = c => c.Ring();
        f.Deliver(UserAgentFixture.Invite(branch: "z9hG4bKfork1"));

        RecordedServerRequest merged = f.Deliver(UserAgentFixture.Invite(branch: "z9hG4bKfork2"));

        Assert.Equal(482, merged.Last.StatusCode);
        Assert.Single(f.Handler.Calls);
    }

    [Fact]
    public void Invite_without_from_tag_gets_400()
    {
        using var f = new UserAgentFixture();

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite().Replace(";tag=" + UserAgentFixture.PeerTag, "", StringComparison.Ordinal));

        Assert.Equal(400, invite.Last.StatusCode);
    }

    [Fact]
    public async Task A_throwing_handler_yields_500_not_silence()
    {
        using var f = new UserAgentFixture();
        f.Handler.OnCall = _ => throw new InvalidOperationException("boom");

        RecordedServerRequest invite = f.Deliver(UserAgentFixture.Invite());

        Assert.Equal(500, invite.Last.StatusCode);
        Assert.Equal(SipCallEndReason.Rejected, (await f.Handler.Last.Ended).Reason);
    }
}
