using System.Buffers;
using System.Globalization;
using System.Text;
using Appliance.Sip.Message;

namespace Appliance.Sip.Registration;

/// <summary>Writes REGISTER requests for one registration (constant Call-ID and From tag, RFC 3261 §10.2).</summary>
internal sealed class RegisterRequestBuilder(RegistrationOptions options)
{
    // The user agent's own list: a registrar may hand it to callers, who must not send what we refuse.
    private static readonly byte[] Allow = System.Text.Encoding.ASCII.GetBytes(UserAgent.SipUserAgent.Allow);

    private readonly string _callId = $"{RandomToken(12)}@{options.ContactHost}";
    private readonly string _fromTag = RandomToken(8);
    private uint _cseq;

    public string CallId => _callId;

    public static string RequestUri(string host, int port) => port == 5060 ? $"sip:{FormatHost(host)}" : $"sip:{FormatHost(host)}:{port}";

    /// <summary>A REGISTER (or, with expires 0, the unregistration) with a fresh branch and the next CSeq.</summary>
    public byte[] Build(string requestUri, string domain, string contactHost, int contactPort, TimeSpan expires, SipHeaderKind authorizationKind, string? authorization)
    {
        var output = new ArrayBufferWriter<byte>(768);
        var writer = new SipMessageWriter(output);
        var transport = options.Transport.ToUpperInvariant();
        var seconds = ((uint)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var aor = $"sip:{options.Username}@{FormatHost(domain)}";
        var transportParameter = transport == "UDP" ? "" : $";transport={options.Transport.ToLowerInvariant()}";

        writer.WriteRequestLine("REGISTER"u8, Encoding.UTF8.GetBytes(requestUri));
        writer.WriteHeader(SipHeaderKind.Via, Encoding.UTF8.GetBytes($"SIP/2.0/{transport} {FormatHost(options.ContactHost)}:{options.ContactPort};branch=z9hG4bK{RandomToken(10)};rport"));
        writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        writer.WriteHeader(SipHeaderKind.From, Encoding.UTF8.GetBytes($"<{aor}>;tag={_fromTag}"));
        writer.WriteHeader(SipHeaderKind.To, Encoding.UTF8.GetBytes($"<{aor}>"));
        writer.WriteHeader(SipHeaderKind.CallId, Encoding.UTF8.GetBytes(_callId));
        writer.WriteCSeq(++_cseq, "REGISTER"u8);
        writer.WriteHeader(SipHeaderKind.Contact, Encoding.UTF8.GetBytes($"<sip:{options.Username}@{FormatHost(contactHost)}:{contactPort}{transportParameter}>;expires={seconds}"));
        writer.WriteHeader(SipHeaderKind.Expires, Encoding.UTF8.GetBytes(seconds));
        writer.WriteHeader(SipHeaderKind.Allow, Allow);
        writer.WriteHeader(SipHeaderKind.UserAgent, Encoding.UTF8.GetBytes(options.UserAgent));
        if (authorization is not null)
        {
            writer.WriteHeader(authorizationKind, Encoding.UTF8.GetBytes(authorization));
        }
        writer.WriteEnd();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An out-of-dialog OPTIONS keep-alive (RFC 3261 §11) to the registrar.</summary>
    public byte[] BuildOptions(string requestUri, string domain)
    {
        var output = new ArrayBufferWriter<byte>(512);
        var writer = new SipMessageWriter(output);
        var aor = $"sip:{options.Username}@{FormatHost(domain)}";
        writer.WriteRequestLine("OPTIONS"u8, Encoding.UTF8.GetBytes(requestUri));
        writer.WriteHeader(SipHeaderKind.Via, Encoding.UTF8.GetBytes($"SIP/2.0/{options.Transport.ToUpperInvariant()} {FormatHost(options.ContactHost)}:{options.ContactPort};branch=z9hG4bK{RandomToken(10)};rport"));
        writer.WriteHeader(SipHeaderKind.MaxForwards, 70);
        writer.WriteHeader(SipHeaderKind.From, Encoding.UTF8.GetBytes($"<{aor}>;tag={RandomToken(8)}"));
        writer.WriteHeader(SipHeaderKind.To, Encoding.UTF8.GetBytes($"<{requestUri}>"));
        writer.WriteHeader(SipHeaderKind.CallId, Encoding.UTF8.GetBytes($"{RandomToken(12)}@{options.ContactHost}"));
        writer.WriteCSeq(1, "OPTIONS"u8);
        writer.WriteHeader(SipHeaderKind.UserAgent, Encoding.UTF8.GetBytes(options.UserAgent));
        writer.WriteEnd();
        return output.WrittenSpan.ToArray();
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;

    private static string RandomToken(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
}
