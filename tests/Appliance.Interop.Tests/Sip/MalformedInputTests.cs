using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Appliance.Interop.Tests.Infrastructure;
using Appliance.Sip.Message;
using Appliance.Sip.Tests.Message;

namespace Appliance.Interop.Tests.Sip;

/// <summary>
/// Feeds the RFC 4475 torture corpus, random mutations and hostile TCP traffic to the real binary: it must never crash,
/// must answer each request as the RFC requires, must not answer responses, and must still answer OPTIONS 200 afterwards.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class MalformedInputTests
{
    // Calls from loopback are refused (403) so a valid torture INVITE proves it was parsed and routed without
    // setting up media; everything else the user agent answers as it would for any caller.
    private static readonly string[] RejectLoopbackCalls = ["--sip:allowedNetworks:0=192.0.2.0/24"];

    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SilenceWindow = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// What the user agent must answer to each corpus request the parser accepts (null: no response at all).
    /// Malformed requests get the status RFC 3261 §21.4 assigns to their parse error, see <see cref="RequiredStatus"/>.
    /// </summary>
    private static readonly Dictionary<string, int?> AcceptedOutcomes = new()
    {
        ["wsinv"] = 481,          // §12.2.2: a To tag that matches no dialog.
        ["intmeth"] = 501,        // §8.2.1: unknown method.
        ["esc01"] = 403,          // Valid INVITE; the source is not allowed to call.
        ["escnull"] = 405,        // §8.2.1: REGISTER is known but not supported by a UA; 405 with Allow.
        ["esc02"] = 501,          // "RE%47IST%45R" is a different, unknown method token (RFC 4475 §3.1.1.5).
        ["lwsdisp"] = 200,
        ["longreq"] = 400,        // The corpus copy has no Contact, which §8.1.1.8 requires in an INVITE.
        ["dblreq"] = 405,         // RFC 4475 §3.1.1.12: the REGISTER is processed, the trailing INVITE ignored.
        ["semiuri"] = 200,
        ["transports"] = 200,
        ["mpart01"] = 405,        // MESSAGE is known but not supported.
        ["unreason"] = null,      // Responses that match no client transaction are dropped (§18.1.2).
        ["noreason"] = null,
        ["ipv6"] = 200,
        ["foldedaddrspec"] = 200, // §12.2.2: an OPTIONS with an unknown To tag may be processed as out of dialog.
        ["baddate"] = 400,        // No Contact in the corpus copy (§8.1.1.8); the bad Date alone is no reason to reject.
        ["badbranch"] = 200,      // RFC 4475 §3.3.9: a branch of just the magic cookie is valid.
        ["bcast"] = null,
        ["bext01"] = 420,         // §8.2.2.3: unsupported Require.
        ["novelsc"] = 200,        // RFC 4475 §3.3.11: unknown schemes in To/From are not a reason to reject.
        ["zeromf"] = 200,         // RFC 4475 §3.3.10: an endpoint processes Max-Forwards 0 as if positive.
        ["regescrt"] = 405,
        ["inv2543"] = 400,        // RFC 4475 §3.4.1 as written has no Contact, so no dialog can be made (§8.1.1.8, §12.1.1).
    };

    /// <summary>Application-layer cases beyond the corpus, each with the status the RFC requires (null: no response).</summary>
    private static readonly Dictionary<string, (string Text, int? Required)> UserAgentCases = new()
    {
        ["bye-unknown-dialog"] = (Request("bye1", "BYE", "tag=nodialog", ""), 481),        // §15.1.2
        ["subscribe"] = (Request("sub1", "SUBSCRIBE", "", "Event: presence\n"), 405),      // §8.2.1, with Allow
        ["invite-text-body"] = (Request("inv1", "INVITE", "", "Contact: <sip:x@192.0.2.1>\nContent-Type: text/plain\n", "hello"), 415), // §8.2.3
        ["invite-zero-max-forwards"] = (Request("inv2", "INVITE", "", "Contact: <sip:x@192.0.2.1>\n").Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal), 403), // RFC 4475 §3.3.10: an endpoint processes it
        ["ack-missing-call-id"] = (Request("ack1", "ACK", "", "").Replace("Call-ID: ack1@192.0.2.1\n", "", StringComparison.Ordinal), null), // §17.2.1: never answer an ACK
    };

    private static string Request(string id, string method, string toTag, string extraHeaders, string body = "") => $"""
        {method} sip:user@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK{id};rport
        Max-Forwards: 70
        From: <sip:caller@example.net>;tag=ua1
        To: <sip:user@example.com>{(toTag.Length > 0 ? ";" + toTag : "")}
        Call-ID: {id}@192.0.2.1
        CSeq: 1 {method}
        {extraHeaders}Content-Length: {body.Length}

        {body}
        """;

    /// <summary>RFC 3261 §21: 505 unknown version, 416 unsupported Request-URI scheme, 513 too large, 400 for the rest.</summary>
    private static int RequiredStatus(SipParseError error) => error switch
    {
        SipParseError.BadVersion => 505,
        SipParseError.UnsupportedUriScheme => 416,
        SipParseError.MessageTooLarge => 513,
        _ => 400,
    };

    private static bool IsRequest(string text) => !text.StartsWith("SIP/", StringComparison.Ordinal);

    /// <summary>The required status for a corpus case, or null when nothing may be sent back.</summary>
    private static int? Required(string name)
    {
        (string text, SipParseError error) = SipTortureCorpus.Cases[name];
        if (error == SipParseError.None)
        {
            return AcceptedOutcomes[name];
        }

        return IsRequest(text) ? RequiredStatus(error) : null;
    }

    /// <summary>
    /// The case's wire text, with the Call-ID and branch that many cases share (the corpus's common header block) made
    /// unique: sent to one UAS within a transaction lifetime they would otherwise be merged requests (482, §8.2.2.2) or
    /// retransmissions of each other rather than the independent requests they stand for.
    /// </summary>
    private static string Wire(string name) => SipTestText.Text(SipTestText.Wire(SipTortureCorpus.Cases[name].Text))
        .Replace("common.12345@192.0.2.1", name + ".12345@192.0.2.1", StringComparison.Ordinal)
        .Replace("branch=z9hG4bKcommon", "branch=z9hG4bKcommon." + name, StringComparison.Ordinal);

    [Fact]
    public async Task Every_corpus_message_over_udp_gets_the_rfc_response()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        var failures = new List<string>();

        foreach ((string name, (_, SipParseError error)) in SipTortureCorpus.Cases)
        {
            string wire = Wire(name);
            byte[] datagram = Encoding.UTF8.GetBytes(error == SipParseError.None ? SipWire.WithRport(wire) : wire);
            int? required = Required(name);
            List<string> responses = await SipWire.ExchangeUdpAsync(appliance.SipPort, datagram, required is null ? SilenceWindow : ResponseTimeout);
            Check(failures, name, error, required, SipWire.Final(responses));
        }

        foreach ((string name, (string text, int? required)) in UserAgentCases)
        {
            List<string> responses = await SipWire.ExchangeUdpAsync(appliance.SipPort, SipTestText.Wire(text), required is null ? SilenceWindow : ResponseTimeout);
            Check(failures, name, SipParseError.None, required, SipWire.Final(responses));
        }

        await AssertStillServingAsync(appliance);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Well_framed_corpus_requests_over_one_tcp_connection_get_the_rfc_response_and_keep_it_open()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        string[] names =
        [
            "wsinv", "intmeth", "esc01", "lwsdisp", "longreq", "semiuri", "transports", "mpart01", "ipv6", "bext01", "zeromf",
            "badinv01", "quotbal", "ltgtruri", "lwsstart", "escruri", "badvers", "mismatch01", "nulinheader", "colonless",
            "insuf", "multi01", "unksm", "scalarlg-cseq",
        ];
        var failures = new List<string>();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, appliance.SipPort);
        NetworkStream stream = client.GetStream();
        var reader = new SipWire.TcpReader(stream);

        foreach (string name in names)
        {
            SipParseError error = SipTortureCorpus.Cases[name].Expected;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Wire(name)));
            string? final;
            do
            {
                final = await reader.ReadAsync(ResponseTimeout);
            }
            while (final is not null && SipWire.StatusCode(final) < 200);

            Check(failures, name, error, Required(name), final);
            if (final is null)
            {
                break; // the connection closed; the rest cannot be sent on it
            }
        }

        await AssertStillServingAsync(appliance);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("scalar02")] // Content-Length: -999
    [InlineData("mcl01")]    // two Content-Length values: the stream cannot be framed
    public async Task Broken_tcp_framing_closes_the_connection_after_earlier_messages_are_answered(string name)
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, appliance.SipPort);
        NetworkStream stream = client.GetStream();

        // A good request and the unframeable one in a single write: the first is answered, then the stream is given up.
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Wire("lwsdisp") + Wire(name)));
        var reader = new SipWire.TcpReader(stream);
        string? first = await reader.ReadAsync(ResponseTimeout);

        // §18.3: with the framing lost nothing after it can be delimited; at most a 400 may precede the close.
        string? next = first is null ? null : await reader.ReadAsync(TimeSpan.FromSeconds(5));
        Assert.True(next is null || SipWire.StatusCode(next) == 400, next);
        Assert.True(first is null || await reader.ClosedAsync(TimeSpan.FromSeconds(5)), $"{name}: connection left open");
        await AssertStillServingAsync(appliance);
        Assert.True(first is not null && SipWire.StatusCode(first) == 200,
            $"the well-framed OPTIONS before {name} must still be answered 200, got {(first is null ? "a close and no response" : SipWire.StatusLine(first))}");
    }

    [Fact]
    public async Task Request_then_half_close_over_tcp_is_still_answered()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, appliance.SipPort);
        NetworkStream stream = client.GetStream();

        // A peer that sends its last request and shuts down its sending side still reads (§18.2.2: respond on the connection).
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Wire("lwsdisp")));
        client.Client.Shutdown(SocketShutdown.Send);
        string? response = await new SipWire.TcpReader(stream).ReadAsync(ResponseTimeout);

        Assert.True(response is not null && SipWire.StatusCode(response) == 200, $"got {(response is null ? "a close and no response" : SipWire.StatusLine(response))}");
    }

    [Fact]
    public async Task Oversized_tcp_message_gets_513_or_a_close_and_the_process_keeps_serving()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, appliance.SipPort);
        NetworkStream stream = client.GetStream();
        string body = new('x', 70_000);
        string message = $"""
            OPTIONS sip:user@127.0.0.1 SIP/2.0
            Via: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKbig
            Max-Forwards: 70
            From: <sip:big@127.0.0.1>;tag=big
            To: <sip:user@127.0.0.1>
            Call-ID: oversized@127.0.0.1
            CSeq: 1 OPTIONS
            Content-Type: text/plain
            Content-Length: {body.Length}


            """.ReplaceLineEndings("\r\n");

        // The header announces the size, so the framer can answer before the body arrives; the write may then fail.
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(message + body));
        }
        catch (IOException)
        {
        }

        var reader = new SipWire.TcpReader(stream);
        string? response;
        try
        {
            response = await reader.ReadAsync(ResponseTimeout);
        }
        catch (IOException)
        {
            response = null;
        }

        Assert.True(response is null || SipWire.StatusCode(response) == 513, response);
        Assert.True(await reader.ClosedAsync(TimeSpan.FromSeconds(5)), "connection left open after an oversized message");
        await AssertStillServingAsync(appliance);
    }

    [Fact]
    public async Task Near_limit_udp_datagram_is_answered_and_the_process_keeps_serving()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        string message = $"""
            OPTIONS sip:user@127.0.0.1 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKbigudp;rport
            Max-Forwards: 70
            From: <sip:big@127.0.0.1>;tag=big
            To: <sip:user@127.0.0.1>
            Call-ID: bigudp@127.0.0.1
            CSeq: 1 OPTIONS
            X-Padding: {new string('p', 65_000)}
            Content-Length: 0


            """.ReplaceLineEndings("\r\n");

        List<string> responses = await SipWire.ExchangeUdpAsync(appliance.SipPort, Encoding.ASCII.GetBytes(message), ResponseTimeout);

        // Under the 65,535-byte message limit: parsed (200) or refused for a header line past the parser's line limit.
        string? final = SipWire.Final(responses);
        Assert.NotNull(final);
        Assert.True(SipWire.StatusCode(final) == 200 || SipWire.StatusLine(final) == "SIP/2.0 400 Line Too Long", SipWire.StatusLine(final));
        await AssertStillServingAsync(appliance);
    }

    [Fact]
    public async Task Two_thousand_seeded_mutations_over_udp_are_survived_and_counted()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int replyPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var target = new IPEndPoint(IPAddress.Loopback, appliance.SipPort);
        byte[][] seeds = [Encoding.ASCII.GetBytes(SipWire.Options(replyPort, "mutseed")), SipTestText.Wire(ValidInvite(replyPort))];
        var random = new Random(4475);
        long before = await ParseErrorsAsync(appliance);

        // Drain replies so the socket buffer never fills; their content is not checked (many mutations stay valid).
        using var drainStop = new CancellationTokenSource();
        Task drain = DrainAsync(socket, drainStop.Token);
        int certainlyMalformed = 0;
        for (int i = 0; i < 2000; i++)
        {
            (byte[] mutant, bool malformed) = Mutate(seeds[i % 2], random);
            certainlyMalformed += malformed ? 1 : 0;
            await socket.SendToAsync(mutant, target);
            if (i % 50 == 49)
            {
                await Task.Delay(5); // lets a 2-core machine keep up instead of measuring kernel drops
            }
        }

        await AssertStillServingAsync(appliance);
        await drainStop.CancelAsync();
        await drain;
        long counted = await ParseErrorsAsync(appliance) - before;
        Assert.InRange(counted, certainlyMalformed, 2000);
    }

    [Fact]
    public async Task Flood_of_garbage_tcp_connections_does_not_stop_options()
    {
        await using var appliance = ApplianceProcess.Start(RejectLoopbackCalls);
        await appliance.WaitReadyAsync();
        var random = new Random(3261);

        for (int batch = 0; batch < 10; batch++)
        {
            var connections = new List<Task>();
            for (int i = 0; i < 30; i++)
            {
                byte[] garbage = new byte[random.Next(1, 4096)];
                random.NextBytes(garbage);
                bool abort = random.Next(2) == 0;
                connections.Add(SendGarbageAsync(appliance.SipPort, garbage, abort));
            }

            await Task.WhenAll(connections);
        }

        await AssertStillServingAsync(appliance);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, appliance.SipPort);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(SipWire.Options(5060, "tcp-after-flood").Replace("SIP/2.0/UDP", "SIP/2.0/TCP", StringComparison.Ordinal)));
        string? response = await new SipWire.TcpReader(stream).ReadAsync(ResponseTimeout);
        Assert.NotNull(response);
        Assert.Equal(200, SipWire.StatusCode(response));
    }

    private static async Task SendGarbageAsync(int port, byte[] garbage, bool abort)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            await client.GetStream().WriteAsync(garbage);
        }
        catch (IOException)
        {
            // The appliance may close first; that is one of the allowed outcomes.
        }

        if (abort)
        {
            client.Client.LingerState = new LingerOption(true, 0); // RST instead of FIN
        }
    }

    private static void Check(List<string> failures, string name, SipParseError error, int? required, string? final)
    {
        if (required is null)
        {
            if (final is not null)
            {
                failures.Add($"{name}: expected no response, got \"{SipWire.StatusLine(final)}\"");
            }

            return;
        }

        if (final is null || SipWire.StatusCode(final) != required)
        {
            failures.Add($"{name}: expected {required}, got {(final is null ? "nothing" : $"\"{SipWire.StatusLine(final)}\"")}");
            return;
        }

        // A parse error's reason phrase names it precisely (400 covers many), so the peer's logs say what was wrong.
        string phrase = Encoding.ASCII.GetString(SipParseErrors.ReasonPhrase(error));
        if (error != SipParseError.None && SipWire.Reason(final) != phrase)
        {
            failures.Add($"{name}: expected reason \"{phrase}\", got \"{SipWire.StatusLine(final)}\"");
        }
    }

    private static async Task AssertStillServingAsync(ApplianceProcess appliance)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        string callId = "probe-" + Guid.NewGuid().ToString("N");
        List<string> responses = await SipWire.ExchangeUdpAsync(appliance.SipPort, Encoding.ASCII.GetBytes(SipWire.Options(port, callId)), ResponseTimeout);
        string? final = SipWire.Final(responses);
        Assert.True(final is not null && SipWire.StatusCode(final) == 200, $"OPTIONS not answered 200 afterwards:\n{final}\n{appliance.Output}");
        Assert.DoesNotContain("Unhandled exception", appliance.Output, StringComparison.Ordinal);
    }

    private static async Task<long> ParseErrorsAsync(ApplianceProcess appliance)
    {
        string metrics = await appliance.Http.GetStringAsync("metrics");
        long total = 0;
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith("appliance_sip_parse_errors_total", StringComparison.Ordinal))
            {
                total += long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    private static async Task DrainAsync(Socket socket, CancellationToken stop)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// One random edit of a seed message: flip, insert or delete bytes, splice in SIP delimiters, or truncate inside
    /// the header section. Truncation inside the headers always leaves an incomplete message, so it is counted as
    /// certainly malformed; the other edits may or may not still parse.
    /// </summary>
    private static (byte[] Mutant, bool CertainlyMalformed) Mutate(byte[] seed, Random random)
    {
        int headerEnd = seed.AsSpan().IndexOf("\r\n\r\n"u8);
        var bytes = new List<byte>(seed);
        int edits = random.Next(1, 6);
        ReadOnlySpan<byte> delimiters = "\r\n:;,<>\"\\ \t\0%=@"u8;
        for (int e = 0; e < edits && bytes.Count > 1; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, delimiters[random.Next(delimiters.Length)]);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 3:
                    bytes[at] = delimiters[random.Next(delimiters.Length)];
                    break;
                default:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 64), bytes.Count - at)));
                    break;
            }
        }

        if (random.Next(4) == 0)
        {
            return (seed[..random.Next(1, headerEnd)], true);
        }

        return ([.. bytes], false);
    }

    private static string ValidInvite(int replyPort) => $"""
        INVITE sip:agent@127.0.0.1 SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:{replyPort};branch=z9hG4bKmutinvite;rport
        Max-Forwards: 70
        From: "Fuzz" <sip:fuzz@127.0.0.1>;tag=fz1
        To: <sip:agent@127.0.0.1>
        Call-ID: mutinvite@127.0.0.1
        CSeq: 1 INVITE
        Contact: <sip:fuzz@127.0.0.1:{replyPort}>
        Content-Type: application/sdp
        Content-Length: {"{CL}"}

        v=0
        o=fuzz 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio 9 RTP/AVP 0 8
        a=rtpmap:0 PCMU/8000

        """;
}
