using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.UserAgent;
using Xunit;

namespace Appliance.Sip.Tests.Dialog;

public sealed class SipDialogTests
{
    private const string Invite =
        "INVITE sips:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.20;branch=z9hG4bK1\r\n" +
        "Record-Route: <sip:p1.example;lr>\r\nRecord-Route: <sip:p2.example;lr>, <sip:p3.example;lr>\r\n" +
        "From: \"A\" <sip:alice@example.org>;tag=a1\r\nTo: <sips:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 7 INVITE\r\n" +
        "Contact: <sip:alice@192.0.2.20:5070;transport=tls>\r\nContent-Length: 0\r\n\r\n";

    [Fact]
    public void Uas_dialog_takes_route_set_in_order_target_from_contact_and_remote_cseq()
    {
        SipDialog dialog = SipDialog.CreateUas(SipText.Parse(Invite), "b1", initialLocalCSeq: 100, overTls: true)!;

        Assert.Equal(new SipDialogId("c1", "b1", "a1"), dialog.Id);
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>", "<sip:p3.example;lr>"], dialog.RouteSet);
        Assert.Equal("sip:alice@192.0.2.20:5070;transport=tls", dialog.RemoteTarget);
        Assert.Equal("<sips:bob@example.com>;tag=b1", dialog.LocalParty);
        Assert.Equal("\"A\" <sip:alice@example.org>;tag=a1", dialog.RemoteParty);
        Assert.Equal(7u, dialog.RemoteCSeq);
        Assert.True(dialog.IsSecure);
        Assert.Equal(101u, dialog.NextLocalCSeq());
    }

    [Fact]
    public void Uac_dialog_reverses_the_record_route_of_the_response()
    {
        SipMessage response = SipText.Parse(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nRecord-Route: <sip:p3.example;lr>, <sip:p2.example;lr>\r\n" +
            "Record-Route: <sip:p1.example;lr>\r\nFrom: <sip:me@example.org>;tag=m1\r\nTo: <sip:bob@example.com>;tag=b9\r\n" +
            "Call-ID: c2\r\nCSeq: 3 INVITE\r\nContact: <sip:bob@198.51.100.9>\r\nContent-Length: 0\r\n\r\n");

        SipDialog dialog = SipDialog.CreateUac(response, "<sip:me@example.org>;tag=m1", "m1", inviteCSeq: 3, secure: false)!;

        Assert.Equal(new SipDialogId("c2", "m1", "b9"), dialog.Id);
        Assert.Equal(["<sip:p1.example;lr>", "<sip:p2.example;lr>", "<sip:p3.example;lr>"], dialog.RouteSet);
        Assert.Null(dialog.RemoteCSeq);
        Assert.Equal(4u, dialog.NextLocalCSeq());
        SipDialogRoute route = dialog.Route();
        Assert.Equal("sip:bob@198.51.100.9", route.RequestUri);
        Assert.Equal("sip:p1.example;lr", route.NextHop);
    }

    [Fact]
    public void Strict_first_hop_becomes_the_request_uri_and_the_target_goes_last()
    {
        string strict = Invite.Replace("Record-Route: <sip:p1.example;lr>", "Record-Route: <sip:p1.example;maddr=10.0.0.1>", StringComparison.Ordinal);
        SipDialog dialog = SipDialog.CreateUas(SipText.Parse(strict), "b1", 0, overTls: false)!;

        SipDialogRoute route = dialog.Route();

        Assert.Equal("sip:p1.example;maddr=10.0.0.1", route.RequestUri);
        Assert.Equal("sip:p1.example;maddr=10.0.0.1", route.NextHop);
        Assert.Equal(["<sip:p2.example;lr>", "<sip:p3.example;lr>", "<sip:alice@192.0.2.20:5070;transport=tls>"], route.Routes);
        Assert.False(dialog.IsSecure);
    }

    [Fact]
    public void Without_a_route_set_requests_go_straight_to_the_target()
    {
        string direct = Invite.Replace("Record-Route: <sip:p1.example;lr>\r\nRecord-Route: <sip:p2.example;lr>, <sip:p3.example;lr>\r\n", "", StringComparison.Ordinal);
        SipDialogRoute route = SipDialog.CreateUas(SipText.Parse(direct), "b1", 0, overTls: false)!.Route();

        Assert.Equal(new SipDialogRoute("sip:alice@192.0.2.20:5070;transport=tls", [], "sip:alice@192.0.2.20:5070;transport=tls").RequestUri, route.RequestUri);
        Assert.Empty(route.Routes);
        Assert.Equal(route.RequestUri, route.NextHop);
    }

    [Fact]
    public void Remote_cseq_must_not_go_backwards()
    {
        SipDialog dialog = SipDialog.CreateUas(SipText.Parse(Invite), "b1", 0, overTls: false)!;

        Assert.Equal(SipRemoteCSeqCheck.Accepted, dialog.CheckRemoteCSeq(9));
        Assert.Equal(SipRemoteCSeqCheck.OutOfOrder, dialog.CheckRemoteCSeq(8));
        Assert.Equal(SipRemoteCSeqCheck.Accepted, dialog.CheckRemoteCSeq(9));
        Assert.Equal(9u, dialog.RemoteCSeq);
    }

    [Fact]
    public void Target_refresh_takes_the_new_contact_and_ignores_a_missing_one()
    {
        SipDialog dialog = SipDialog.CreateUas(SipText.Parse(Invite), "b1", 0, overTls: false)!;
        SipMessage reinvite = SipText.Parse(Invite.Replace("192.0.2.20:5070;transport=tls", "198.51.100.4:5062", StringComparison.Ordinal));
        SipMessage noContact = SipText.Parse(Invite.Replace("Contact: <sip:alice@192.0.2.20:5070;transport=tls>\r\n", "", StringComparison.Ordinal));

        Assert.True(dialog.RefreshTarget(reinvite));
        Assert.False(dialog.RefreshTarget(noContact));
        Assert.Equal("sip:alice@198.51.100.4:5062", dialog.RemoteTarget);
    }

    [Fact]
    public void Requests_without_from_tag_or_contact_create_no_dialog()
    {
        Assert.Null(SipDialog.CreateUas(SipText.Parse(Invite.Replace(";tag=a1", "", StringComparison.Ordinal)), "b1", 0, false));
        Assert.Null(SipDialog.CreateUas(SipText.Parse(Invite.Replace("Contact: <sip:alice@192.0.2.20:5070;transport=tls>\r\n", "", StringComparison.Ordinal)), "b1", 0, false));
    }
}
