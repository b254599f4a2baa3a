using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.Dialog;

/// <summary>
/// The state of one dialog (RFC 3261 §12): identity, the From/To values our requests carry, CSeq spaces, route set,
/// remote target and secure flag. Cold-path strings: built once per call. Not thread-safe; the owning call serializes.
/// </summary>
public sealed class SipDialog
{
    private readonly string[] _routeSet;
    private uint? _remoteCSeq;

    private SipDialog(SipDialogId id, string localParty, string remoteParty, string remoteTarget, string[] routeSet,
        uint localCSeq, uint? remoteCSeq, bool secure)
    {
        Id = id;
        LocalParty = localParty;
        RemoteParty = remoteParty;
        RemoteTarget = remoteTarget;
        _routeSet = routeSet;
        LocalCSeq = localCSeq;
        _remoteCSeq = remoteCSeq;
        IsSecure = secure;
    }

    public SipDialogId Id { get; }

    /// <summary>The From value of requests we send in this dialog (our URI and tag).</summary>
    public string LocalParty { get; }

    /// <summary>The To value of requests we send in this dialog (their URI and tag).</summary>
    public string RemoteParty { get; }

    /// <summary>The remote Contact URI: the Request-URI of our requests (§12.1), updated by target refreshes.</summary>
    public string RemoteTarget { get; private set; }

    /// <summary>Route set in the order our requests carry it (Record-Route as received for a UAS, reversed for a UAC).</summary>
    public IReadOnlyList<string> RouteSet => _routeSet;

    /// <summary>The CSeq of the last request we sent in the dialog.</summary>
    public uint LocalCSeq { get; private set; }

    /// <summary>The CSeq of the last request received in the dialog, or null when none yet.</summary>
    public uint? RemoteCSeq => _remoteCSeq;

    /// <summary>True when the dialog was set up over TLS with a sips: Request-URI (§12.1.1).</summary>
    public bool IsSecure { get; }

    /// <summary>
    /// The UAS side of a dialog created by <paramref name="request"/> (§12.1.1): route set = its Record-Route in order,
    /// remote target = its Contact, remote CSeq = its CSeq. Null when the request lacks a From tag or a usable Contact.
    /// </summary>
    public static SipDialog? CreateUas(SipMessage request, string localTag, uint initialLocalCSeq, bool overTls)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.From.HasTag || !TryGetContact(request, out string? target)
            || !request.TryGetHeader(SipHeaderKind.To, out ReadOnlyMemory<byte> to)
            || !request.TryGetHeader(SipHeaderKind.From, out ReadOnlyMemory<byte> from))
        {
            return null;
        }

        var id = new SipDialogId(Text(request.CallId), localTag, Text(request.From.Tag));
        bool secure = overTls && request.RequestUri.Scheme == SipUriScheme.Sips;
        return new SipDialog(id, Text(to) + ";tag=" + localTag, Text(from), target, ReadRecordRoutes(request, reverse: false),
            initialLocalCSeq, request.CSeq.Number, secure);
    }

    /// <summary>
    /// The UAC side of a dialog created by a 1xx-with-tag or 2xx <paramref name="response"/> to our INVITE (§12.1.2):
    /// route set = its Record-Route reversed, remote target = its Contact, local CSeq = the INVITE's.
    /// Null when the response lacks a To tag or Contact.
    /// </summary>
    public static SipDialog? CreateUac(SipMessage response, string localParty, string localTag, uint inviteCSeq, bool secure)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.To.HasTag || !TryGetContact(response, out string? target)
            || !response.TryGetHeader(SipHeaderKind.To, out ReadOnlyMemory<byte> to))
        {
            return null;
        }

        var id = new SipDialogId(Text(response.CallId), localTag, Text(response.To.Tag));
        return new SipDialog(id, localParty, Text(to), target, ReadRecordRoutes(response, reverse: true), inviteCSeq, null, secure);
    }

    /// <summary>The CSeq for a new request (not ACK or CANCEL, which reuse the INVITE's): one more than the last.</summary>
    public uint NextLocalCSeq() => ++LocalCSeq;

    /// <summary>Checks a received in-dialog request's CSeq and advances the remote sequence (§12.2.2).</summary>
    public SipRemoteCSeqCheck CheckRemoteCSeq(uint cseq)
    {
        if (_remoteCSeq is uint remote && cseq < remote)
        {
            return SipRemoteCSeqCheck.OutOfOrder;
        }

        _remoteCSeq = cseq;
        return SipRemoteCSeqCheck.Accepted;
    }

    /// <summary>Target refresh (§12.2): the remote target becomes the Contact of <paramref name="message"/>, if it has a valid one.</summary>
    public bool RefreshTarget(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryGetContact(message, out string? target))
        {
            return false;
        }

        RemoteTarget = target;
        return true;
    }

    /// <summary>
    /// Request-URI, Route values and next hop for a request in this dialog (§12.2.1.1): with an empty route set or a
    /// loose-routing first hop (";lr"), the Request-URI is the remote target; with a strict router, its URI becomes the
    /// Request-URI and the remote target goes last in Route.
    /// </summary>
    public SipDialogRoute Route()
    {
        if (_routeSet.Length == 0)
        {
            return new SipDialogRoute(RemoteTarget, [], RemoteTarget);
        }

        string firstUri = RouteUri(_routeSet[0]);
        if (SipUri.TryParse(Encoding.UTF8.GetBytes(firstUri), out SipUri first) && first.TryGetParameter("lr"u8, out _))
        {
            return new SipDialogRoute(RemoteTarget, _routeSet, firstUri);
        }

        var routes = new List<string>(_routeSet.Length);
        routes.AddRange(_routeSet.AsSpan(1));
        routes.Add("<" + RemoteTarget + ">");
        string requestUri = StripUriHeaders(firstUri);
        return new SipDialogRoute(requestUri, routes, requestUri);
    }

    private static string RouteUri(string route)
    {
        if (SipNameAddress.TryParse(Encoding.UTF8.GetBytes(route), out SipNameAddress address))
        {
            return Text(address.Uri.Raw);
        }

        return route.Trim('<', '>', ' ');
    }

    // §12.2.1.1: a strict router's URI becomes the Request-URI "stripping any parameters not allowed in a Request-URI";
    // URI headers ('?...') are the ones that are never allowed.
    private static string StripUriHeaders(string uri)
    {
        int question = uri.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? uri : uri[..question];
    }

    private static string[] ReadRecordRoutes(SipMessage message, bool reverse)
    {
        var routes = new List<string>();
        foreach (ReadOnlyMemory<byte> value in message.GetValues(SipHeaderKind.RecordRoute))
        {
            routes.Add(Text(value));
        }

        if (reverse)
        {
            routes.Reverse();
        }

        return [.. routes];
    }

    private static bool TryGetContact(SipMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? target)
    {
        foreach (ReadOnlyMemory<byte> value in message.GetValues(SipHeaderKind.Contact))
        {
            if (SipNameAddress.TryParse(value, out SipNameAddress contact) && !contact.IsWildcard)
            {
                target = Text(contact.Uri.Raw);
                return true;
            }
        }

        target = null;
        return false;
    }

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
