using System.Globalization;
using System.Net;

namespace Appliance.Media.Sdp;

/// <summary>
/// RFC 3264 offer/answer for one dialog's single audio stream. Cold path: one instance per call, not thread-safe.
/// Keeps the o= line stable: same session id for the dialog's life, version +1 only when what we send changes.
/// </summary>
public sealed class SdpNegotiator
{
    private const string TelephoneEvent = "telephone-event";
    private const int TelephoneEventClockRate = 8000;

    private readonly SdpLocalOptions _options;
    private readonly ulong _sessionId;
    private ulong _version;
    private string? _lastSent;
    private SessionDescription? _pendingOffer;

    public SdpNegotiator(SdpLocalOptions options, ulong sessionId)
    {
        _options = options;
        _sessionId = sessionId;
        _version = sessionId;
    }

    /// <summary>Creates an offer with every configured codec (INVITE, late-offer 200 OK, re-INVITE for hold/unhold).</summary>
    /// <param name="direction">SendRecv normally; SendOnly to put the peer on hold, Inactive to stop media both ways.</param>
    public SessionDescription CreateOffer(MediaDirection direction = MediaDirection.SendRecv)
    {
        var media = new MediaDescription("audio", _options.RtpPort, "RTP/AVP", []);
        foreach (SdpCodec codec in _options.Codecs)
        {
            media.Formats.Add(Format(codec.StaticPayloadType));
            media.Attributes.Add(RtpMap(new SdpRtpMap(codec.StaticPayloadType, codec.Name, codec.ClockRate)));
        }

        if (_options.TelephoneEventPayloadType is int eventPayloadType)
        {
            media.Formats.Add(Format(eventPayloadType));
            media.Attributes.Add(RtpMap(new SdpRtpMap(eventPayloadType, TelephoneEvent, TelephoneEventClockRate)));
            media.Attributes.Add(new SdpAttribute("fmtp", Format(eventPayloadType) + " " + _options.TelephoneEventFmtp));
        }

        media.Attributes.Add(new SdpAttribute("ptime", Format(_options.Ptime)));
        if (_options.OfferRtcpMux)
        {
            media.Attributes.Add(new SdpAttribute("rtcp-mux", null));
        }

        media.Attributes.Add(new SdpAttribute(direction.ToAttributeName(), null));
        SessionDescription offer = Stamp(media);
        _pendingOffer = offer;
        return offer;
    }

    /// <summary>Answers a peer's offer (initial or re-INVITE).</summary>
    /// <param name="localLimit">What we are willing to do right now: SendRecv normally, SendOnly while we hold the peer.</param>
    public SdpNegotiationResult CreateAnswer(SessionDescription offer, MediaDirection localLimit = MediaDirection.SendRecv)
    {
        var answerMedia = new List<MediaDescription>(offer.Media.Count);
        NegotiatedMedia? chosen = null;
        SdpNegotiationStatus failure = SdpNegotiationStatus.NoAudioStream;

        foreach (MediaDescription offered in offer.Media)
        {
            MediaDescription? accepted = null;
            if (chosen is null && IsUsableAudio(offered))
            {
                SdpNegotiationStatus status = TryAccept(offer, offered, localLimit, out accepted, out chosen);
                if (status != SdpNegotiationStatus.Accepted)
                {
                    failure = status;
                }
            }

            // RFC 3264 §6: same count and order of m-lines; a rejected one keeps its formats but gets port 0.
            answerMedia.Add(accepted ?? new MediaDescription(offered.Media, 0, offered.Protocol, offered.Formats));
        }

        if (chosen is null)
        {
            return SdpNegotiationResult.Fail(failure);
        }

        _pendingOffer = null;
        return new SdpNegotiationResult(SdpNegotiationStatus.Accepted, Stamp([.. answerMedia]), chosen);
    }

    /// <summary>Processes the peer's answer to our last offer and records the peer's payload type numbers for sending.</summary>
    public SdpNegotiationResult ProcessAnswer(SessionDescription answer)
    {
        SessionDescription? offer = _pendingOffer;
        if (offer is null)
        {
            return SdpNegotiationResult.Fail(SdpNegotiationStatus.NoOfferPending);
        }

        if (answer.Media.Count != offer.Media.Count)
        {
            return SdpNegotiationResult.Fail(SdpNegotiationStatus.InvalidAnswer);
        }

        _pendingOffer = null;
        MediaDescription ours = offer.Media[0];
        MediaDescription theirs = answer.Media[0];
        if (theirs.Port == 0)
        {
            return SdpNegotiationResult.Fail(SdpNegotiationStatus.Rejected);
        }

        SdpConnection? connection = answer.ConnectionFor(theirs);
        if (connection?.IPAddress is not IPAddress remoteAddress)
        {
            return SdpNegotiationResult.Fail(SdpNegotiationStatus.UnusableConnection);
        }

        // The answer lists formats in the answerer's preference; take the first one that we offered.
        SdpCodec codec = default;
        int sendPayloadType = -1;
        int receivePayloadType = -1;
        foreach (string format in theirs.Formats)
        {
            if (TryResolveCodec(theirs, format, out SdpCodec candidate, out int payloadType)
                && FindOfferedPayloadType(ours, candidate) is int offeredPayloadType)
            {
                (codec, sendPayloadType, receivePayloadType) = (candidate, payloadType, offeredPayloadType);
                break;
            }
        }

        if (sendPayloadType < 0)
        {
            return SdpNegotiationResult.Fail(SdpNegotiationStatus.InvalidAnswer);
        }

        MediaDirection answered = EffectiveDirection(answer, theirs, connection);
        MediaDirection offeredDirection = ours.Direction ?? MediaDirection.SendRecv;
        bool mux = _options.OfferRtcpMux && theirs.HasAttribute("rtcp-mux");
        int? sendEvents = FindTelephoneEvent(theirs);
        var media = new NegotiatedMedia
        {
            RemoteRtp = new IPEndPoint(remoteAddress, theirs.Port),
            RemoteRtcp = RtcpEndPoint(theirs, remoteAddress, mux),
            Codec = codec,
            SendPayloadType = sendPayloadType,
            ReceivePayloadType = receivePayloadType,
            SendTelephoneEventPayloadType = sendEvents,
            ReceiveTelephoneEventPayloadType = sendEvents is null ? null : _options.TelephoneEventPayloadType,
            Ptime = SendPtime(theirs),
            Direction = answered.Reverse().Intersect(offeredDirection),
            RtcpMux = mux,
        };
        return new SdpNegotiationResult(SdpNegotiationStatus.Accepted, null, media);
    }

    private SdpNegotiationStatus TryAccept(
        SessionDescription offer, MediaDescription offered, MediaDirection localLimit, out MediaDescription? accepted, out NegotiatedMedia? media)
    {
        accepted = null;
        media = null;
        if (!TryChooseCodec(offered, out SdpCodec codec, out int payloadType))
        {
            return SdpNegotiationStatus.NoCommonCodec;
        }

        SdpConnection? connection = offer.ConnectionFor(offered);
        if (connection?.IPAddress is not IPAddress remoteAddress)
        {
            return SdpNegotiationStatus.UnusableConnection;
        }

        int? eventPayloadType = _options.TelephoneEventPayloadType is null ? null : FindTelephoneEvent(offered);
        bool mux = _options.AcceptRtcpMux && offered.HasAttribute("rtcp-mux");
        MediaDirection direction = EffectiveDirection(offer, offered, connection).Reverse().Intersect(localLimit);

        accepted = new MediaDescription("audio", _options.RtpPort, offered.Protocol, [Format(payloadType)]);
        accepted.Attributes.Add(RtpMap(new SdpRtpMap(payloadType, codec.Name, codec.ClockRate)));
        if (eventPayloadType is int events)
        {
            accepted.Formats.Add(Format(events));
            accepted.Attributes.Add(RtpMap(new SdpRtpMap(events, TelephoneEvent, TelephoneEventClockRate)));
            accepted.Attributes.Add(new SdpAttribute("fmtp", Format(events) + " " + _options.TelephoneEventFmtp));
        }

        accepted.Attributes.Add(new SdpAttribute("ptime", Format(_options.Ptime)));
        if (mux)
        {
            accepted.Attributes.Add(new SdpAttribute("rtcp-mux", null));
        }

        accepted.Attributes.Add(new SdpAttribute(direction.ToAttributeName(), null));
        media = new NegotiatedMedia
        {
            RemoteRtp = new IPEndPoint(remoteAddress, offered.Port),
            RemoteRtcp = RtcpEndPoint(offered, remoteAddress, mux),
            Codec = codec,
            SendPayloadType = payloadType,
            ReceivePayloadType = payloadType,
            SendTelephoneEventPayloadType = eventPayloadType,
            ReceiveTelephoneEventPayloadType = eventPayloadType,
            Ptime = SendPtime(offered),
            Direction = direction,
            RtcpMux = mux,
        };
        return SdpNegotiationStatus.Accepted;
    }

    private bool TryChooseCodec(MediaDescription offered, out SdpCodec codec, out int payloadType)
    {
        if (_options.Selection == CodecSelection.Offerer)
        {
            foreach (string format in offered.Formats)
            {
                if (TryResolveCodec(offered, format, out codec, out payloadType) && IsLocal(codec))
                {
                    return true;
                }
            }
        }
        else
        {
            foreach (SdpCodec local in _options.Codecs)
            {
                foreach (string format in offered.Formats)
                {
                    if (TryResolveCodec(offered, format, out codec, out payloadType) && codec == local)
                    {
                        return true;
                    }
                }
            }
        }

        codec = default;
        payloadType = -1;
        return false;
    }

    private bool IsLocal(SdpCodec codec)
    {
        foreach (SdpCodec local in _options.Codecs)
        {
            if (local == codec)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Static payload types are trusted by number (some SBCs mislabel them); dynamic ones by rtpmap name and clock.</summary>
    private static bool TryResolveCodec(MediaDescription media, string format, out SdpCodec codec, out int payloadType)
    {
        codec = default;
        if (!int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) || payloadType > 127)
        {
            return false;
        }

        if (SdpCodec.TryFromStaticPayloadType(payloadType, out codec))
        {
            return true;
        }

        return payloadType >= 96
            && media.FindRtpMap(payloadType) is SdpRtpMap map
            && SdpCodec.TryFromName(map.EncodingName, out codec)
            && map.ClockRate == codec.ClockRate;
    }

    private static int? FindOfferedPayloadType(MediaDescription offer, SdpCodec codec)
    {
        foreach (string format in offer.Formats)
        {
            if (TryResolveCodec(offer, format, out SdpCodec offered, out int payloadType) && offered == codec)
            {
                return payloadType;
            }
        }

        return null;
    }

    private static int? FindTelephoneEvent(MediaDescription media)
    {
        foreach (string format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out int payloadType)
                && media.FindRtpMap(payloadType) is SdpRtpMap map
                && string.Equals(map.EncodingName, TelephoneEvent, StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == TelephoneEventClockRate)
            {
                return payloadType;
            }
        }

        return null;
    }

    private static bool IsUsableAudio(MediaDescription media) =>
        media.Port != 0
        && string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase)
        && (string.Equals(media.Protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase)
            || string.Equals(media.Protocol, "RTP/AVPF", StringComparison.OrdinalIgnoreCase));

    /// <summary>The writer's direction; c=0.0.0.0 (RFC 2543 hold) means the writer will not receive, so sendrecv becomes sendonly.</summary>
    private static MediaDirection EffectiveDirection(SessionDescription session, MediaDescription media, SdpConnection connection)
    {
        MediaDirection direction = session.DirectionFor(media.Direction);
        return connection.IsHoldAddress ? direction.Intersect(MediaDirection.SendOnly) : direction;
    }

    /// <summary>RFC 3605 a=rtcp:port [IN IP4 addr]; otherwise RTP port + 1 (RFC 3550), or the RTP port itself with rtcp-mux.</summary>
    private static IPEndPoint RtcpEndPoint(MediaDescription media, IPAddress remoteAddress, bool mux)
    {
        if (mux)
        {
            return new IPEndPoint(remoteAddress, media.Port);
        }

        string? rtcp = media.GetAttribute("rtcp");
        if (rtcp is not null)
        {
            string[] parts = rtcp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535)
            {
                IPAddress address = parts.Length == 4 && IPAddress.TryParse(parts[3], out IPAddress? explicitAddress)
                    ? explicitAddress
                    : remoteAddress;
                return new IPEndPoint(address, port);
            }
        }

        return new IPEndPoint(remoteAddress, Math.Min(media.Port + 1, 65535));
    }

    /// <summary>The peer's ptime is what it wants to receive; maxptime caps it.</summary>
    private int SendPtime(MediaDescription remote)
    {
        int ptime = remote.GetIntegerAttribute("ptime") ?? _options.Ptime;
        return remote.GetIntegerAttribute("maxptime") is int max && ptime > max ? max : ptime;
    }

    /// <summary>Wraps media sections in a session with our o=; bumps the version only if the content changed.</summary>
    private SessionDescription Stamp(params MediaDescription[] media)
    {
        SessionDescription description = Build(media);
        string text = description.ToString();
        if (_lastSent is not null && text != _lastSent)
        {
            _version++;
            description = Build(media);
            text = description.ToString();
        }

        _lastSent = text;
        return description;
    }

    private SessionDescription Build(MediaDescription[] media)
    {
        string addressType = _options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var description = new SessionDescription(
            new SdpOrigin(_options.Username, _sessionId, _version, addressType, _options.Address.ToString()), _options.SessionName)
        {
            Connection = new SdpConnection(_options.Address),
        };
        description.Timings.Add("0 0");
        description.Media.AddRange(media);
        return description;
    }

    private static SdpAttribute RtpMap(SdpRtpMap map) => new("rtpmap", map.ToString());

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
