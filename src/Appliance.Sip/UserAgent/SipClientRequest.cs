using System.Text;
using Appliance.Sip.Authentication;
using Appliance.Sip.Message;
using Appliance.Sip.Transaction;

namespace Appliance.Sip.UserAgent;

/// <summary>
/// One logical request we send (INVITE, BYE, re-INVITE, UPDATE, CANCEL), answering a 401/407 once per challenge with
/// credentials from <see cref="DigestClient"/> (RFC 3261 §22.2): the request is composed again, so the caller's compose
/// function gives it a new CSeq and branch. Everything else goes to the callbacks.
/// </summary>
internal sealed class SipClientRequest(
    SipUserAgent agent,
    string method,
    string requestUri,
    string nextHop,
    DigestClient? digest,
    Func<KeyValuePair<string, string>?, SipPooledBufferWriter> compose,
    Action<SipMessage> onResponse,
    Action<SipTransactionTermination> onFailure) : ISipResponseHandler
{
    /// <summary>A request whose responses nobody waits for (CANCEL, the BYE of a call already reported ended).</summary>
    public static void Fire(SipUserAgent agent, string method, string requestUri, string nextHop, DigestClient? digest,
        Func<KeyValuePair<string, string>?, SipPooledBufferWriter> compose) =>
        new SipClientRequest(agent, method, requestUri, nextHop, digest, compose, static _ => { }, static _ => { }).Send();

    public void Send() => Send(null);

    public void OnResponse(SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        agent.Metrics.Response(response.StatusCode, received: true);
        if (response.StatusCode is 401 or 407 && digest is not null && TryAuthenticate(response))
        {
            return;
        }

        if (response.StatusCode is >= 200 and < 300)
        {
            digest?.Succeeded();
        }

        onResponse(response);
    }

    public void OnFailure(SipTransactionTermination reason) => onFailure(reason);

    private void Send(KeyValuePair<string, string>? authorization)
    {
        SipPooledBufferWriter request = compose(authorization);
        agent.Metrics.Request(method, received: false);
        agent.Channel.SendRequest(SipMethods.Parse(Encoding.ASCII.GetBytes(method)), nextHop, request, this);
    }

    private bool TryAuthenticate(SipMessage response)
    {
        bool proxy = response.StatusCode == 407;
        var challenges = new List<string>();
        foreach (ReadOnlyMemory<byte> value in response.GetValues(proxy ? SipHeaderKind.ProxyAuthenticate : SipHeaderKind.WwwAuthenticate))
        {
            challenges.Add(Encoding.UTF8.GetString(value.Span));
        }

        // DigestClient.Accept refuses a second challenge to the same credentials (not stale): they are wrong, give up.
        if (DigestChallenge.SelectStrongest(challenges) is not DigestChallenge challenge || !digest!.Accept(challenge)
            || digest.Authorize(method, requestUri) is not string credentials)
        {
            return false;
        }

        SipUserAgentLog.Authenticating(agent.Logger, response.StatusCode, method);
        Send(new KeyValuePair<string, string>(proxy ? "Proxy-Authorization" : "Authorization", credentials));
        return true;
    }
}
