namespace Appliance.Media.Tests.Sdp;

/// <summary>Bodies from /work/shared/references/rtp_sdp/sdp_offer_answer_examples.md and RFC 3264 §10.</summary>
internal static class SdpSamples
{
    /// <summary>Example 1: an offer like the appliance's own (G722, PCMU, PCMA, telephone-event 101).</summary>
    public const string ApplianceOffer =
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
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    /// <summary>Example 2: the carrier's answer, PCMU and telephone-event renumbered to 96.</summary>
    public const string CarrierAnswer =
        "v=0\r\n" +
        "o=carrier 8812 8812 IN IP4 198.51.100.20\r\n" +
        "s=SBC\r\n" +
        "c=IN IP4 198.51.100.20\r\n" +
        "t=0 0\r\n" +
        "m=audio 20480 RTP/AVP 0 96\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:96 telephone-event/8000\r\n" +
        "a=fmtp:96 0-15\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    /// <summary>A carrier offer in the shape of example 4 (PCMU + telephone-event 96), with a chosen version and direction.</summary>
    public static string CarrierOffer(int version, string direction, string address = "198.51.100.20", int port = 20480) =>
        "v=0\r\n" +
        $"o=carrier 8812 {version} IN IP4 198.51.100.20\r\n" +
        "s=SBC\r\n" +
        $"c=IN IP4 {address}\r\n" +
        "t=0 0\r\n" +
        $"m=audio {port} RTP/AVP 0 96\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:96 telephone-event/8000\r\n" +
        "a=fmtp:96 0-15\r\n" +
        "a=ptime:20\r\n" +
        $"a={direction}\r\n";

    /// <summary>RFC 3264 §10.1 Alice's offer, verbatim (host names in c=, empty s=).</summary>
    public const string Rfc3264AliceOffer =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com\r\n" +
        "s=\r\n" +
        "c=IN IP4 host.atlanta.example.com\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 97\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:97 iLBC/8000\r\n" +
        "m=video 51372 RTP/AVP 31 32\r\n" +
        "a=rtpmap:31 H261/90000\r\n" +
        "a=rtpmap:32 MPV/90000\r\n";

    /// <summary>RFC 3264 §10.2 offer: one of N codecs, inactive at first.</summary>
    public const string Rfc3264OneOfNOffer =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\n" +
        "s=\r\n" +
        "c=IN IP4 192.0.2.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 62986 RTP/AVP 0 4 18\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:4 G723/8000\r\n" +
        "a=rtpmap:18 G729/8000\r\n" +
        "a=inactive\r\n";

    /// <summary>RFC 3264 §10.2 second offer: Alice settles on PCMU and activates the stream.</summary>
    public const string Rfc3264OneOfNReoffer =
        "v=0\r\n" +
        "o=alice 2890844526 2890844527 IN IP4 192.0.2.1\r\n" +
        "s=\r\n" +
        "c=IN IP4 192.0.2.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 62986 RTP/AVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=sendrecv\r\n";
}
