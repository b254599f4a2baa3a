using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Appliance.Sip.Dialog;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// The user-agent core (RFC 3261 §8, §12–§15, RFC 4028): the transaction user that turns requests into calls, dialogs
/// and responses, and places outgoing calls. Transport-independent: it talks to the transaction layer only through
/// <see cref="ISipTransactionChannel"/> (down) and <see cref="OnRequest"/> (up). Thread-safe.
/// </summary>
public sealed class SipUserAgent : IDisposable
{
    /// <summary>Methods we implement; the Allow value of OPTIONS, 405, 501 and dialog-creating responses.</summary>
    internal const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, NOTIFY";

    /// <summary>Option tags we implement (RFC 4028 session timers); anything else in Require gets a 420.</summary>
    internal const string Supported = "timer";

    internal const string Sdp = "application/sdp";

    private readonly ConcurrentDictionary<SipDialogId, SipCall> _dialogs = new();
    private readonly ConcurrentDictionary<string, IncomingCall> _pendingInvites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ISipServerRequest, IncomingCall> _invites = new();
    private readonly ISipCallHandler _handler;

    /// <summary>Creates the agent. <paramref name="timers"/> is the transaction layer's queue; its TimeProvider is the agent's clock.</summary>
    public SipUserAgent(ISipTransactionChannel channel, SipUserAgentOptions options, ISipCallHandler handler, SipTimerQueue timers,
        ILoggerFactory loggerFactory, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentOutOfRangeException.ThrowIfZero(options.Addresses.Count, nameof(options));
        Channel = channel;
        Options = options;
        _handler = handler;
        Timers = timers;
        Logger = loggerFactory.CreateLogger<SipUserAgent>();
        Metrics = new SipUserAgentMetrics(() => _dialogs.Count, meterFactory);
    }

    /// <summary>Dialogs (early or confirmed) currently held.</summary>
    public int ActiveDialogs => _dialogs.Count;

    internal ISipTransactionChannel Channel { get; }

    internal SipUserAgentOptions Options { get; }

    internal SipTimerQueue Timers { get; }

    internal ILogger Logger { get; }

    internal SipUserAgentMetrics Metrics { get; }

    /// <summary>
    /// Entry point for every request the transaction layer passes up: new requests (with their server transaction),
    /// CANCELs, and ACKs for 2xx. Never throws for bad input: malformed or unexpected requests get a response or are dropped.
    /// </summary>
    public void OnRequest(ISipServerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SipMessage message = request.Request;
        if (!message.IsRequest)
        {
            return;
        }

        Metrics.Request(MethodName(message), received: true);
        switch (message.Method)
        {
            case SipMethod.Ack:
                // An ACK outside any dialog (or for a non-2xx, which the transaction absorbs) needs nothing from us.
                FindDialog(message)?.OnAck(message);
                return;
            case SipMethod.Cancel:
                OnCancel(request);
                return;
        }

        if (!IsImplemented(message.Method))
        {
            bool known = message.Method != SipMethod.Unknown;
            Reject(request, known ? 405 : 501, known ? "Method Not Allowed" : "Not Implemented", c => c.Header(SipHeaderKind.Allow, Allow));
            return;
        }

        if (UnsupportedRequire(message) is string unsupported)
        {
            Reject(request, 420, "Bad Extension", c => c.Header(SipHeaderKind.Unsupported, unsupported));
            return;
        }

        if (message.To.HasTag)
        {
            if (FindDialog(message) is SipCall call)
            {
                call.OnDialogRequest(request);
            }
            else if (message.Method == SipMethod.Options)
            {
                RespondToOptions(request, toTag: null);
            }
            else
            {
                Reject(request, 481, "Call/Transaction Does Not Exist");
            }

            return;
        }

        switch (message.Method)
        {
            case SipMethod.Invite:
                OnInvite(request);
                break;
            case SipMethod.Options:
                RespondToOptions(request, request.LocalTag ?? SipIdentifiers.NewTag());
                break;
            default:
                // BYE, UPDATE, INFO, NOTIFY outside a dialog (we only subscribe inside calls, by REFER).
                Reject(request, 481, "Call/Transaction Does Not Exist");
                break;
        }
    }

    /// <summary>
    /// The transaction layer answered a CANCEL itself and sent 487 to <paramref name="invite"/> (the INVITE's request as
    /// it was passed to <see cref="OnRequest"/>): the call ends as cancelled.
    /// </summary>
    public void OnInviteCancelled(ISipServerRequest invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        if (_invites.TryGetValue(invite, out IncomingCall? call))
        {
            call.OnCancelled(respond: false);
        }
    }

    /// <summary>
    /// A response that matched no client transaction: a 2xx to our INVITE retransmitted after the transaction ended
    /// (RFC 6026 Timer M) is ACKed again; anything else is dropped.
    /// </summary>
    public void OnStrayResponse(SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is >= 200 and < 300 && response.CSeq.Method == SipMethod.Invite)
        {
            // Our own request: the local tag is in From, the remote one in To.
            var id = new SipDialogId(Encoding.UTF8.GetString(response.CallId.Span), Encoding.UTF8.GetString(response.From.Tag.Span),
                Encoding.UTF8.GetString(response.To.Tag.Span));
            if (_dialogs.TryGetValue(id, out SipCall? call))
            {
                call.OnStray2xx(response.CSeq.Number);
            }
        }
    }

    /// <summary>Places an outgoing call: sends the INVITE now and returns the call, whose <see cref="OutgoingCall.Answered"/> completes on the final response.</summary>
    public OutgoingCall PlaceCall(OutgoingCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new OutgoingCall(this, request);
        call.Start();
        return call;
    }

    /// <inheritdoc/>
    public void Dispose() => Metrics.Dispose();

    internal static string MethodName(SipMessage message) =>
        message.Method == SipMethod.Unknown ? Encoding.ASCII.GetString(message.MethodToken.Span) : Encoding.ASCII.GetString(SipMethods.ToToken(message.Method));

    internal void RegisterDialog(SipDialogId id, SipCall call) => _dialogs[id] = call;

    internal void UnregisterDialog(SipDialogId id) => _dialogs.TryRemove(id, out _);

    internal void RemovePending(IncomingCall call, ISipServerRequest invite, string cancelKey, string mergeKey)
    {
        _invites.TryRemove(new KeyValuePair<ISipServerRequest, IncomingCall>(invite, call));
        _pendingInvites.TryRemove(new KeyValuePair<string, IncomingCall>(cancelKey, call));
        _pendingInvites.TryRemove(new KeyValuePair<string, IncomingCall>(mergeKey, call));
    }

    /// <summary>Sends a response; <paramref name="configure"/> adds headers between the copied ones and the body.</summary>
    internal void Respond(ISipServerRequest request, int statusCode, string reason, string? toTag, Action<SipComposer>? configure = null,
        string? contentType = null, string? body = null) =>
        Respond(request, request.Request, statusCode, reason, toTag, configure, contentType, body);

    /// <summary>As above, answering <paramref name="message"/> (a kept clone of the request) after OnRequest has returned.</summary>
    internal void Respond(ISipServerRequest request, SipMessage message, int statusCode, string reason, string? toTag,
        Action<SipComposer>? configure = null, string? contentType = null, string? body = null)
    {
        SipComposer composer = SipComposer.Response(message, request.RemoteEndPoint, statusCode, reason, toTag);
        if (Options.ProductName is string product)
        {
            composer.Header(SipHeaderKind.Server, product);
        }

        configure?.Invoke(composer);
        Metrics.Response(statusCode, received: false);
        request.SendResponse(statusCode, composer.End(contentType, body));
    }

    /// <summary>A final error response to a request that creates no dialog (a To tag is added, §8.2.6.2).</summary>
    internal void Reject(ISipServerRequest request, int statusCode, string reason, Action<SipComposer>? configure = null)
    {
        using (SipUserAgentLog.CallScope(Logger, Encoding.UTF8.GetString(request.Request.CallId.Span)))
        {
            SipUserAgentLog.Rejected(Logger, MethodName(request.Request), statusCode, reason);
        }

        Respond(request, statusCode, reason, request.Request.To.HasTag ? null : request.LocalTag ?? SipIdentifiers.NewTag(), configure);
    }

    /// <summary>Our Contact value for <paramref name="transport"/>: &lt;sip:user@host:port;transport=x&gt;.</summary>
    internal string Contact(string transport, bool secure = false)
    {
        SipAdvertisedAddress address = Options.AddressFor(transport);
        string scheme = secure ? "sips" : "sip";
        string param = string.Equals(address.Transport, "UDP", StringComparison.OrdinalIgnoreCase) ? "" : ";transport=" + address.Transport.ToLowerInvariant();
        return $"<{scheme}:{Options.ContactUser}@{HostPort(address)}{param}>";
    }

    /// <summary>A Via value for a request we send over <paramref name="transport"/> with a fresh branch (rport asked for, RFC 3581).</summary>
    internal string Via(string transport, string branch)
    {
        SipAdvertisedAddress address = Options.AddressFor(transport);
        return $"SIP/2.0/{address.Transport.ToUpperInvariant()} {HostPort(address)};branch={branch};rport";
    }

    internal static string HostPort(SipAdvertisedAddress address) => $"{address.Host}:{address.Port}";

    /// <summary>The transport a URI asks for (";transport=", sips → TLS), else the first configured one.</summary>
    internal string TransportFor(string uri)
    {
        if (SipUri.TryParse(Encoding.UTF8.GetBytes(uri), out SipUri parsed))
        {
            if (parsed.TryGetParameter("transport"u8, out ReadOnlyMemory<byte> transport) && !transport.IsEmpty)
            {
                return Encoding.ASCII.GetString(transport.Span).ToUpperInvariant();
            }

            if (parsed.Scheme == SipUriScheme.Sips)
            {
                return "TLS";
            }
        }

        return Options.Addresses[0].Transport;
    }

    private static bool IsImplemented(SipMethod method) =>
        method is SipMethod.Invite or SipMethod.Bye or SipMethod.Options or SipMethod.Update or SipMethod.Info or SipMethod.Notify;

    private static string? UnsupportedRequire(SipMessage message)
    {
        StringBuilder? unsupported = null;
        foreach (ReadOnlyMemory<byte> tag in message.GetValues(SipHeaderKind.Require))
        {
            if (!Ascii.EqualsIgnoreCase(tag.Span, "timer"u8))
            {
                unsupported = unsupported is null ? new StringBuilder() : unsupported.Append(", ");
                unsupported.Append(Encoding.ASCII.GetString(tag.Span));
            }
        }

        return unsupported?.ToString();
    }

    private SipCall? FindDialog(SipMessage message)
    {
        var id = new SipDialogId(Encoding.UTF8.GetString(message.CallId.Span), Encoding.UTF8.GetString(message.To.Tag.Span),
            Encoding.UTF8.GetString(message.From.Tag.Span));
        return _dialogs.TryGetValue(id, out SipCall? call) ? call : null;
    }

    private void RespondToOptions(ISipServerRequest request, string? toTag) =>
        Respond(request, 200, "OK", toTag, c => c.Header(SipHeaderKind.Allow, Allow).Header(SipHeaderKind.Accept, Sdp)
            .Header(SipHeaderKind.Supported, Supported));

    private void OnCancel(ISipServerRequest request)
    {
        // §9.2: the CANCEL matches the INVITE with the same top Via branch (and Call-ID).
        SipMessage message = request.Request;
        if (_pendingInvites.TryGetValue(CancelKey(message), out IncomingCall? call))
        {
            Respond(request, 200, "OK", toTag: null);
            call.OnCancelled(respond: true);
        }
        else
        {
            Respond(request, 481, "Call/Transaction Does Not Exist", toTag: null);
        }
    }

    private void OnInvite(ISipServerRequest request)
    {
        SipMessage message = request.Request;
        if (!message.Body.IsEmpty && !IsSdp(message.ContentType.Span))
        {
            Reject(request, 415, "Unsupported Media Type", c => c.Header(SipHeaderKind.Accept, Sdp));
            return;
        }

        uint minSe = (uint)Options.MinSessionExpires.TotalSeconds;
        if (message.TryGetDeltaSeconds(SipHeaderKind.SessionExpires, out uint requested) && requested < minSe)
        {
            Reject(request, 422, "Session Interval Too Small", c => c.Header(SipHeaderKind.MinSE, minSe.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }

        // §8.2.2.2 merged requests: same From tag, Call-ID and CSeq as a pending INVITE but another branch (a fork that looped back).
        string mergeKey = MergeKey(message);
        if (_pendingInvites.TryGetValue(mergeKey, out IncomingCall? existing) && !existing.IsSameInvite(message))
        {
            Reject(request, 482, "Loop Detected");
            return;
        }

        IncomingCall? call = IncomingCall.TryCreate(this, request, CancelKey(message), mergeKey);
        if (call is null)
        {
            Reject(request, 400, "Bad Request");
            return;
        }

        _pendingInvites[call.CancelKey] = call;
        _pendingInvites[mergeKey] = call;
        _invites[request] = call;
        RegisterDialog(call.DialogId, call);
        using (SipUserAgentLog.CallScope(Logger, call.CallId))
        {
            SipUserAgentLog.IncomingCall(Logger, call.FromUri, call.RequestUri, request.Transport, request.RemoteEndPoint.ToString());
            try
            {
                _handler.OnIncomingCall(call);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The application must not take the transport thread down; the caller gets a 500 instead of silence.
                SipUserAgentLog.HandlerFailed(Logger, exception);
                call.Reject(500, "Server Internal Error");
            }
        }
    }

    internal static bool IsSdp(ReadOnlySpan<byte> contentType) => HasMediaType(contentType, "application/sdp"u8);

    /// <summary>True when a Content-Type value names <paramref name="mediaType"/> (case-insensitive, parameters ignored).</summary>
    internal static bool HasMediaType(ReadOnlySpan<byte> contentType, ReadOnlySpan<byte> mediaType)
    {
        int semi = contentType.IndexOf((byte)';');
        return Ascii.EqualsIgnoreCase((semi < 0 ? contentType : contentType[..semi]).Trim(" \t"u8), mediaType);
    }

    private static string CancelKey(SipMessage message) =>
        Encoding.UTF8.GetString(message.CallId.Span) + "|" + Encoding.UTF8.GetString(message.TopVia.Branch.Span);

    private static string MergeKey(SipMessage message) =>
        Encoding.UTF8.GetString(message.CallId.Span) + "|" + Encoding.UTF8.GetString(message.From.Tag.Span) + "|"
        + message.CSeq.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
