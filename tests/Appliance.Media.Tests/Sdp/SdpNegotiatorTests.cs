using System.Net;
using Appliance.Media.Sdp;

namespace Appliance.Media.Tests.Sdp;

public class SdpNegotiatorTests
{
    private const ulong SessionId = 3911234567;

    private static SdpLocalOptions Options(CodecSelection selection = CodecSelection.Local, params SdpCodec[] codecs) => new()
    {
        Codecs = codecs.Length == 0 ? [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.G722] : codecs,
        Address = IPAddress.Parse("192.0.2.10"),
        RtpPort = 40000,
        Selection = selection,
    };

    private static SessionDescription Parse(string body) => SdpParser.Parse(body).Description!;

    [Fact]
    public void Answer_picks_our_first_preference_and_keeps_the_offerers_payload_types()
    {
        var negotiator = new SdpNegotiator(Options(), SessionId);

        SdpNegotiationResult result = negotiator.CreateAnswer(Parse(SdpSamples.ApplianceOffer));

        Assert.Equal(SdpNegotiationStatus.Accepted, result.Status);
        NegotiatedMedia media = result.Media!;
        Assert.Equal(SdpCodec.Pcmu, media.Codec);
        Assert.Equal(0, media.SendPayloadType);
        Assert.Equal(0, media.ReceivePayloadType);
        Assert.Equal(101, media.SendTelephoneEventPayloadType);
        Assert.Equal(101, media.ReceiveTelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000), media.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40001), media.RemoteRtcp);
        Assert.Equal(20, media.Ptime);
        Assert.Equal(MediaDirection.SendRecv, media.Direction);
        Assert.False(media.RtcpMux);
        Assert.Equal(
            "v=0\r\n" +
            "o=- 3911234567 3911234567 IN IP4 192.0.2.10\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.10\r\n" +
            "t=0 0\r\n" +
            "m=audio 40000 RTP/AVP 0 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-15\r\n" +
            "a=ptime:20\r\n" +
            "a=sendrecv\r\n",
            result.Answer!.ToString());
    }

    [Fact]
    public void Offerer_selection_follows_the_offers_order()
    {
        var negotiator = new SdpNegotiator(Options(CodecSelection.Offerer), SessionId);

        NegotiatedMedia media = negotiator.CreateAnswer(Parse(SdpSamples.ApplianceOffer)).Media!;

        Assert.Equal(SdpCodec.G722, media.Codec);
        Assert.Equal(9, media.SendPayloadType);
    }

    [Fact]
    public void Static_payload_types_are_trusted_by_number_and_dynamic_ones_by_name()
    {
        // A mislabelled static rtpmap (seen from SBCs) and a dynamic, lower-case PCMA at 8000 Hz.
        string offer = SdpSamples.CarrierOffer(1, "sendrecv")
            .Replace("m=audio 20480 RTP/AVP 0 96", "m=audio 20480 RTP/AVP 0 97 96", StringComparison.Ordinal)
            .Replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 G729/8000\r\na=rtpmap:97 pcma/8000", StringComparison.Ordinal);

        NegotiatedMedia pcmu = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer)).Media!;
        NegotiatedMedia pcma = new SdpNegotiator(Options(CodecSelection.Local, SdpCodec.Pcma), 1).CreateAnswer(Parse(offer)).Media!;

        Assert.Equal((SdpCodec.Pcmu, 0), (pcmu.Codec, pcmu.SendPayloadType));
        Assert.Equal((SdpCodec.Pcma, 97), (pcma.Codec, pcma.SendPayloadType));
    }

    [Fact]
    public void No_common_codec_is_reported_for_488()
    {
        string offer = SdpSamples.Rfc3264OneOfNOffer.Replace("m=audio 62986 RTP/AVP 0 4 18", "m=audio 62986 RTP/AVP 4 18", StringComparison.Ordinal);

        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer));

        Assert.Equal(SdpNegotiationStatus.NoCommonCodec, result.Status);
        Assert.Null(result.Answer);
        Assert.Null(result.Media);
    }

    [Fact]
    public void Srtp_only_and_disabled_streams_are_not_usable_audio()
    {
        string srtp = SdpSamples.CarrierAnswer.Replace("RTP/AVP", "RTP/SAVP", StringComparison.Ordinal) + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\r\n";
        string disabled = SdpSamples.CarrierAnswer.Replace("m=audio 20480", "m=audio 0", StringComparison.Ordinal);

        Assert.Equal(SdpNegotiationStatus.NoAudioStream, new SdpNegotiator(Options(), 1).CreateAnswer(Parse(srtp)).Status);
        Assert.Equal(SdpNegotiationStatus.NoAudioStream, new SdpNegotiator(Options(), 1).CreateAnswer(Parse(disabled)).Status);
    }

    [Fact]
    public void Rfc3264_10_1_rejects_video_with_port_zero_keeping_mline_order()
    {
        // Host names replaced with literals: this layer does not resolve DNS.
        string offer = SdpSamples.Rfc3264AliceOffer.Replace("host.atlanta.example.com", "192.0.2.1", StringComparison.Ordinal);

        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer));

        Assert.True(result.Success);
        List<MediaDescription> media = result.Answer!.Media;
        Assert.Equal(2, media.Count);
        Assert.Equal(("audio", 40000, "0"), (media[0].Media, media[0].Port, string.Join(' ', media[0].Formats)));
        Assert.Equal(("video", 0, "31 32"), (media[1].Media, media[1].Port, string.Join(' ', media[1].Formats)));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 49170), result.Media!.RemoteRtp);
        Assert.Null(result.Media.SendTelephoneEventPayloadType);
        Assert.Contains("m=video 0 RTP/AVP 31 32\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Host_name_connection_is_reported_not_guessed()
    {
        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(SdpSamples.Rfc3264AliceOffer));

        Assert.Equal(SdpNegotiationStatus.UnusableConnection, result.Status);
    }

    [Fact]
    public void Rfc3264_10_2_inactive_then_activated_stream()
    {
        var negotiator = new SdpNegotiator(Options(), 700);

        SdpNegotiationResult first = negotiator.CreateAnswer(Parse(SdpSamples.Rfc3264OneOfNOffer));
        SdpNegotiationResult second = negotiator.CreateAnswer(Parse(SdpSamples.Rfc3264OneOfNReoffer));

        Assert.Equal(MediaDirection.Inactive, first.Media!.Direction);
        Assert.Equal(MediaDirection.Inactive, first.Answer!.Media[0].Direction);
        Assert.Equal(700UL, first.Answer.Origin.SessionVersion);
        Assert.Equal(MediaDirection.SendRecv, second.Media!.Direction);
        Assert.Equal(701UL, second.Answer!.Origin.SessionVersion);
        Assert.Equal(700UL, second.Answer.Origin.SessionId);
    }

    [Fact]
    public void Hold_and_resume_reoffers_mirror_direction_and_bump_version_only_on_change()
    {
        var negotiator = new SdpNegotiator(Options(), SessionId);

        SdpNegotiationResult initial = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(8812, "sendrecv")));
        SdpNegotiationResult refresh = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(8812, "sendrecv")));
        SdpNegotiationResult hold = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(8813, "sendonly")));
        SdpNegotiationResult resume = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(8814, "sendrecv")));

        Assert.Equal(
            [MediaDirection.SendRecv, MediaDirection.SendRecv, MediaDirection.RecvOnly, MediaDirection.SendRecv],
            [initial.Media!.Direction, refresh.Media!.Direction, hold.Media!.Direction, resume.Media!.Direction]);
        Assert.Equal(MediaDirection.RecvOnly, hold.Answer!.Media[0].Direction);
        Assert.Equal(
            [SessionId, SessionId, SessionId + 1, SessionId + 2],
            [initial.Answer!.Origin.SessionVersion, refresh.Answer!.Origin.SessionVersion, hold.Answer.Origin.SessionVersion, resume.Answer!.Origin.SessionVersion]);
        Assert.Equal("m=audio 40000 RTP/AVP 0 96", hold.Answer.ToString().Split("\r\n")[5]);
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.SendRecv)]
    [InlineData("sendonly", MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.Inactive)]
    public void Answer_direction_mirrors_the_offer(string offered, MediaDirection expected)
    {
        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(SdpSamples.CarrierOffer(1, offered)));

        Assert.Equal(expected, result.Media!.Direction);
        Assert.Equal(expected, result.Answer!.Media[0].Direction);
    }

    [Theory]
    [InlineData("sendrecv", MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.Inactive)]
    public void Legacy_hold_address_means_the_offerer_will_not_receive(string offered, MediaDirection expected)
    {
        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(SdpSamples.CarrierOffer(1, offered, "0.0.0.0")));

        Assert.Equal(expected, result.Media!.Direction);
        Assert.False(result.Media.Direction.CanSend());
    }

    [Fact]
    public void Local_limit_restricts_the_answer_while_we_hold_the_peer()
    {
        SdpNegotiationResult result = new SdpNegotiator(Options(), 1)
            .CreateAnswer(Parse(SdpSamples.CarrierOffer(1, "sendrecv")), MediaDirection.SendOnly);

        Assert.Equal(MediaDirection.SendOnly, result.Media!.Direction);
    }

    [Fact]
    public void Media_level_connection_wins_and_ipv6_is_supported()
    {
        const string offer = "v=0\r\no=peer 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n" +
            "m=audio 30000 RTP/AVP 8\r\nc=IN IP6 2001:db8::99\r\na=rtcp:30011\r\n";
        var options = Options() with { Address = IPAddress.Parse("2001:db8::10") };

        SdpNegotiationResult result = new SdpNegotiator(options, 1).CreateAnswer(Parse(offer));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::99"), 30000), result.Media!.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::99"), 30011), result.Media.RemoteRtcp);
        Assert.Equal(SdpCodec.Pcma, result.Media.Codec);
        Assert.Contains("c=IN IP6 2001:db8::10\r\n", result.Answer!.ToString(), StringComparison.Ordinal);
        Assert.Contains("o=- 1 1 IN IP6 2001:db8::10\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_connection_is_reported()
    {
        const string offer = "v=0\r\no=peer 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n";

        Assert.Equal(SdpNegotiationStatus.UnusableConnection, new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer)).Status);
    }

    [Fact]
    public void Session_level_direction_applies_when_media_has_none()
    {
        const string offer = "v=0\r\no=peer 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=sendonly\r\nm=audio 30000 RTP/AVP 0\r\n";

        Assert.Equal(MediaDirection.RecvOnly, new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer)).Media!.Direction);
    }

    [Theory]
    [InlineData("a=ptime:30\r\n", 30)]
    [InlineData("a=ptime:40\r\na=maxptime:20\r\n", 20)]
    [InlineData("a=maxptime:10\r\n", 10)]
    [InlineData("", 20)]
    public void Peer_ptime_and_maxptime_set_our_packetization(string attributes, int expected)
    {
        string offer = "v=0\r\no=peer 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n" + attributes;

        Assert.Equal(expected, new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer)).Media!.Ptime);
    }

    [Fact]
    public void Rtcp_mux_is_accepted_when_offered()
    {
        string offer = SdpSamples.CarrierOffer(1, "sendrecv") + "a=rtcp-mux\r\n";

        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer));

        Assert.True(result.Media!.RtcpMux);
        Assert.Equal(result.Media.RemoteRtp, result.Media.RemoteRtcp);
        Assert.True(result.Answer!.Media[0].HasAttribute("rtcp-mux"));
    }

    [Fact]
    public void Telephone_event_at_another_clock_rate_is_ignored()
    {
        string offer = SdpSamples.CarrierOffer(1, "sendrecv").Replace("telephone-event/8000", "telephone-event/48000", StringComparison.Ordinal);

        SdpNegotiationResult result = new SdpNegotiator(Options(), 1).CreateAnswer(Parse(offer));

        Assert.Null(result.Media!.SendTelephoneEventPayloadType);
        Assert.Equal(["0"], result.Answer!.Media[0].Formats);
    }

    [Fact]
    public void Offer_lists_codecs_in_preference_order_with_telephone_event()
    {
        var options = Options(CodecSelection.Local, SdpCodec.G722, SdpCodec.Pcmu, SdpCodec.Pcma) with { Address = IPAddress.Parse("192.0.2.10") };

        SessionDescription offer = new SdpNegotiator(options, SessionId).CreateOffer();

        Assert.Equal(
            "v=0\r\n" +
            "o=- 3911234567 3911234567 IN IP4 192.0.2.10\r\n" +
            "s=-\r\n" +
            "c=IN IP4 192.0.2.10\r\n" +
            "t=0 0\r\n" +
            "m=audio 40000 RTP/AVP 9 0 8 101\r\n" +
            "a=rtpmap:9 G722/8000\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-15\r\n" +
            "a=ptime:20\r\n" +
            "a=sendrecv\r\n",
            offer.ToString());
    }

    [Fact]
    public void Answer_with_renumbered_telephone_event_is_recorded_per_direction()
    {
        var negotiator = new SdpNegotiator(Options(CodecSelection.Local, SdpCodec.G722, SdpCodec.Pcmu, SdpCodec.Pcma), SessionId);
        negotiator.CreateOffer();

        SdpNegotiationResult result = negotiator.ProcessAnswer(Parse(SdpSamples.CarrierAnswer));

        Assert.True(result.Success);
        Assert.Null(result.Answer);
        NegotiatedMedia media = result.Media!;
        Assert.Equal(SdpCodec.Pcmu, media.Codec);
        Assert.Equal((0, 0), (media.SendPayloadType, media.ReceivePayloadType));
        Assert.Equal(96, media.SendTelephoneEventPayloadType);
        Assert.Equal(101, media.ReceiveTelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.20"), 20480), media.RemoteRtp);
        Assert.Equal(MediaDirection.SendRecv, media.Direction);
    }

    [Fact]
    public void Late_offer_in_200_is_completed_by_the_answer_in_ack()
    {
        var negotiator = new SdpNegotiator(Options(), SessionId);
        SessionDescription offer = negotiator.CreateOffer();
        string answer = SdpSamples.CarrierAnswer.Replace("m=audio 20480 RTP/AVP 0 96", "m=audio 20480 RTP/AVP 8", StringComparison.Ordinal);

        SdpNegotiationResult result = negotiator.ProcessAnswer(Parse(answer));

        Assert.Equal(["0", "8", "9", "101"], offer.Media[0].Formats);
        Assert.Equal(SdpCodec.Pcma, result.Media!.Codec);
        Assert.Null(result.Media.SendTelephoneEventPayloadType);
        Assert.Null(result.Media.ReceiveTelephoneEventPayloadType);
        Assert.Equal(SdpNegotiationStatus.NoOfferPending, negotiator.ProcessAnswer(Parse(answer)).Status);
    }

    [Fact]
    public void Our_hold_and_resume_offers_keep_session_id_and_increment_version()
    {
        var negotiator = new SdpNegotiator(Options(), SessionId);

        SessionDescription initial = negotiator.CreateOffer();
        SessionDescription unchanged = negotiator.CreateOffer();
        SessionDescription hold = negotiator.CreateOffer(MediaDirection.SendOnly);
        SdpNegotiationResult held = negotiator.ProcessAnswer(Parse(SdpSamples.CarrierAnswer.Replace("a=sendrecv", "a=recvonly", StringComparison.Ordinal)));
        SessionDescription resume = negotiator.CreateOffer();

        Assert.Equal([SessionId, SessionId, SessionId + 1, SessionId + 2],
            [initial.Origin.SessionVersion, unchanged.Origin.SessionVersion, hold.Origin.SessionVersion, resume.Origin.SessionVersion]);
        Assert.All([initial, unchanged, hold, resume], offer => Assert.Equal(SessionId, offer.Origin.SessionId));
        Assert.Equal(MediaDirection.SendOnly, hold.Media[0].Direction);
        Assert.Equal(MediaDirection.SendOnly, held.Media!.Direction);
    }

    [Fact]
    public void Rejected_or_mismatched_answers_fail()
    {
        var negotiator = new SdpNegotiator(Options(), 1);
        negotiator.CreateOffer();
        SdpNegotiationResult rejected = negotiator.ProcessAnswer(Parse(SdpSamples.CarrierAnswer.Replace("m=audio 20480", "m=audio 0", StringComparison.Ordinal)));
        negotiator.CreateOffer();
        SdpNegotiationResult foreign = negotiator.ProcessAnswer(Parse(SdpSamples.CarrierAnswer.Replace("RTP/AVP 0 96", "RTP/AVP 18 96", StringComparison.Ordinal)));
        negotiator.CreateOffer();
        SdpNegotiationResult extraLine = negotiator.ProcessAnswer(Parse(SdpSamples.CarrierAnswer + "m=video 0 RTP/AVP 31\r\n"));

        Assert.Equal(SdpNegotiationStatus.Rejected, rejected.Status);
        Assert.Equal(SdpNegotiationStatus.InvalidAnswer, foreign.Status);
        Assert.Equal(SdpNegotiationStatus.InvalidAnswer, extraLine.Status);
    }

    [Fact]
    public void Port_change_in_reoffer_moves_the_remote_endpoint_without_changing_our_answer()
    {
        var negotiator = new SdpNegotiator(Options(), SessionId);
        SdpNegotiationResult before = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(1, "sendrecv")));

        SdpNegotiationResult after = negotiator.CreateAnswer(Parse(SdpSamples.CarrierOffer(2, "sendrecv", "203.0.113.7", 30000)));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 30000), after.Media!.RemoteRtp);
        Assert.Equal(before.Answer!.ToString(), after.Answer!.ToString());
    }
}
