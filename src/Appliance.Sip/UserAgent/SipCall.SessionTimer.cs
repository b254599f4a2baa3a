using System.Globalization;
using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.UserAgent;

/// <summary>RFC 4028 session timers: negotiate the interval and refresher, refresh at half interval, BYE on expiry.</summary>
public abstract partial class SipCall
{
    private uint _sessionInterval;
    private bool _weRefresh;

    /// <summary>The negotiated session interval in seconds (0: no session timer) and whether we refresh it.</summary>
    public (uint Seconds, bool WeRefresh) SessionTimer
    {
        get
        {
            lock (Sync)
            {
                return (_sessionInterval, _weRefresh);
            }
        }
    }

    /// <summary>
    /// Terms for a request we answer (§9): the interval is the peer's Session-Expires capped by ours (never below its
    /// Min-SE), or ours when absent; the refresher is the one the peer named, else the peer when it supports timers, else us.
    /// Null when we run no session timers. (A too-small interval was refused with 422 before this.)
    /// </summary>
    private protected SessionTimerTerms? NegotiateSessionTimer(SipMessage request)
    {
        uint ours = (uint)Agent.Options.SessionExpires.TotalSeconds;
        if (ours == 0)
        {
            return null;
        }

        bool peerSupports = request.HasToken(SipHeaderKind.Supported, "timer"u8) || request.HasToken(SipHeaderKind.Require, "timer"u8);
        uint interval = ours;
        string? refresher = null;
        if (request.TryGetDeltaSeconds(SipHeaderKind.SessionExpires, out uint requested))
        {
            interval = Math.Min(requested, ours);
            if (request.TryGetDeltaSeconds(SipHeaderKind.MinSE, out uint minSe))
            {
                interval = Math.Max(interval, minSe);
            }

            refresher = Refresher(request);
        }

        bool weRefresh = refresher switch
        {
            "uas" => true,
            "uac" => false,
            _ => !peerSupports,
        };
        return new SessionTimerTerms(interval, weRefresh, peerSupports);
    }

    private protected static void AddSessionTimerHeaders(SipComposer composer, SessionTimerTerms? terms)
    {
        if (terms is not { } t)
        {
            return;
        }

        composer.Header(SipHeaderKind.SessionExpires, SessionExpiresValue(t.Interval, t.WeRefresh ? "uas" : "uac"));
        if (t.PeerSupports)
        {
            composer.Header(SipHeaderKind.Require, "timer");
        }
    }

    private protected void ApplySessionTimer(SessionTimerTerms? terms)
    {
        if (terms is { } t)
        {
            ArmSessionTimer(t.Interval, t.WeRefresh);
        }
    }

    /// <summary>Terms from a 2xx to our request: no Session-Expires means no session timer (§7.2); refresher=uac means us.</summary>
    private protected void ApplySessionTimerFromResponse(SipMessage response)
    {
        if (!response.TryGetDeltaSeconds(SipHeaderKind.SessionExpires, out uint interval) || interval == 0)
        {
            _sessionInterval = 0;
            _sessionTimer.Cancel();
            return;
        }

        ArmSessionTimer(interval, Refresher(response) != "uas");
    }

    private protected static string SessionExpiresValue(uint seconds, string refresher) =>
        seconds.ToString(CultureInfo.InvariantCulture) + ";refresher=" + refresher;

    private void ArmSessionTimer(uint interval, bool weRefresh)
    {
        _sessionInterval = interval;
        _weRefresh = weRefresh;
        // §10: the refresher refreshes at half the interval; the other side gives up at interval - min(32, interval/3).
        TimeSpan delay = TimeSpan.FromSeconds(weRefresh ? interval / 2.0 : interval - Math.Min(32.0, interval / 3.0));
        _sessionTimer.Schedule(delay);
        SipUserAgentLog.SessionTimer(Agent.Logger, interval, weRefresh ? "us" : "peer");
    }

    private void OnSessionTimer()
    {
        if (!_weRefresh)
        {
            SipUserAgentLog.SessionExpired(Agent.Logger);
            SendBye();
            End(new SipCallEnd(SipCallEndReason.SessionExpired, ByRemote: false, Detail: "session timer expired"));
            return;
        }

        if (_offerPending || _awaitingAnswerInAck)
        {
            // An offer exchange is in flight and will refresh the session when it completes; check again shortly.
            _sessionTimer.Schedule(Agent.Options.Timers.T2);
            return;
        }

        // UPDATE without a body needs no offer/answer (RFC 4028 §7.4); otherwise re-INVITE with our unchanged SDP.
        if (PeerAllowsUpdate)
        {
            SendDialogRequest("UPDATE", null, null);
        }
        else
        {
            SendDialogRequest("INVITE", LocalSdp, null);
        }
    }

    private static string? Refresher(SipMessage message)
    {
        if (!message.TryGetHeader(SipHeaderKind.SessionExpires, out ReadOnlyMemory<byte> value))
        {
            return null;
        }

        string text = Encoding.ASCII.GetString(value.Span);
        int at = text.IndexOf("refresher=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        string rest = text[(at + 10)..];
        int end = rest.IndexOfAny([';', ' ', '\t']);
        return (end < 0 ? rest : rest[..end]).Trim().ToLowerInvariant();
    }

    /// <summary>Negotiated session-timer terms for one request we answer.</summary>
    private protected readonly record struct SessionTimerTerms(uint Interval, bool WeRefresh, bool PeerSupports);
}
