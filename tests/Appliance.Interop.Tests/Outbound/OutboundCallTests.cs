using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Appliance.Interop.Tests.Outbound;

/// <summary>The call API against the binary: calls placed through a trunk (a SIPp callee that demands proxy authentication), read, hung up and refused.</summary>
[Collection(InteropCollection.Name)]
public sealed partial class OutboundCallTests(ITestOutputHelper output)
{
    private const string Token = "interop-admin-token";

    private static ApplianceProcess StartWithTrunk(int trunkPort, params string[] extra) => ApplianceProcess.Start(
        [
            "--defaultAgent=echo",
            "--admin:token:env=ADMIN_TOKEN",
            $"--trunks:sippy:proxy=sip:127.0.0.1:{trunkPort}",
            "--trunks:sippy:username=alice",
            "--trunks:sippy:password:env=TRUNK_PW",
            .. extra,
        ],
        new Dictionary<string, string> { ["ADMIN_TOKEN"] = Token, ["TRUNK_PW"] = "secret123" });

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        ApplianceProcess appliance, HttpMethod method, string path, string? json = null, string? token = Token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var response = await appliance.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{response.StatusCode}: {body}");
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone(), response);
    }

    private static async Task<JsonElement> WaitForStateAsync(ApplianceProcess appliance, string id, string state)
    {
        var path = "v1/calls/" + Uri.EscapeDataString(id);
        JsonElement call = default;
        for (var i = 0; i < 200; i++)
        {
            (_, call, _) = await SendAsync(appliance, HttpMethod.Get, path);
            if (call.GetProperty("state").GetString() == state)
            {
                return call;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"call {id} never reached {state}; last: {call}\n{appliance.Output}");
    }

    [Fact]
    public async Task Post_to_a_trunk_that_challenges_with_407_establishes_the_call_and_delete_ends_it()
    {
        using var uas = SippUas.Start("uas_proxy_auth.xml");
        await using var appliance = StartWithTrunk(uas.Port);
        await appliance.WaitReadyAsync();

        var (created, call, response) = await SendAsync(appliance, HttpMethod.Post, "v1/calls",
            """{"to": "+15551234567", "caller_id": "+15550001111", "headers": {"X-Campaign": "spring-42"}, "variables": {"customer": "42"}}""");
        Assert.True(created == HttpStatusCode.Created, $"{created}: {call}\n{appliance.Output}");
        var id = call.GetProperty("id").GetString()!;
        Assert.Equal("/v1/calls/" + Uri.EscapeDataString(id), response.Headers.Location?.OriginalString);
        Assert.Equal("dialing", call.GetProperty("state").GetString());
        Assert.Equal("+15551234567", call.GetProperty("to").GetString());
        Assert.Equal("sippy", call.GetProperty("trunk").GetString());

        // SIPp only answers an INVITE that carries Proxy-Authorization and our X- header.
        var answered = await WaitForStateAsync(appliance, id, "answered");
        Assert.Equal(200, answered.GetProperty("sip_status").GetInt32());
        Assert.Equal("PCMU", answered.GetProperty("codec").GetString());
        var setup = answered.GetProperty("answered_at").GetDateTimeOffset() - answered.GetProperty("created_at").GetDateTimeOffset();
        output.WriteLine($"setup through a 407 challenge over loopback: {setup.TotalMilliseconds:F1} ms");
        Assert.Contains("Answering 407 challenge for INVITE", appliance.Output, StringComparison.Ordinal);

        // Media starts on the pacer's next 20 ms tick after the answer: let it send before hanging up.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (_, current, _) = await SendAsync(appliance, HttpMethod.Get, "v1/calls/" + Uri.EscapeDataString(id));
            if (current.GetProperty("rtp").GetProperty("packets_sent").GetInt64() > 0)
            {
                break;
            }
            await Task.Delay(20);
        }

        var (hungUp, ended, _) = await SendAsync(appliance, HttpMethod.Delete, "v1/calls/" + Uri.EscapeDataString(id));
        Assert.Equal(HttpStatusCode.OK, hungUp);
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal("answered", ended.GetProperty("outcome").GetString());
        Assert.Equal("local_hangup", ended.GetProperty("end_reason").GetString());
        Assert.Equal("local", ended.GetProperty("ended_by").GetString());
        Assert.True(ended.GetProperty("rtp").GetProperty("packets_sent").GetInt64() > 0, ended.ToString());

        var sipp = await uas.Run;
        Assert.True(sipp.ExitCode == 0, $"SIPp failed:\n{sipp.Output}\n--- appliance ---\n{appliance.Output}");
        AssertDigestAnswersTheChallenge(uas.Messages, "alice", "secret123");

        // The outcome stays readable after the call, in the list too.
        var (_, later, _) = await SendAsync(appliance, HttpMethod.Get, "v1/calls/" + Uri.EscapeDataString(id));
        Assert.Equal("ended", later.GetProperty("state").GetString());
        var (_, list, _) = await SendAsync(appliance, HttpMethod.Get, "v1/calls");
        Assert.Contains(list.GetProperty("calls").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Contains("appliance_calls_outbound_total{outcome=\"answered\",status=\"200\"} 1", await appliance.Http.GetStringAsync("metrics"), StringComparison.Ordinal);
    }

    /// <summary>The retried INVITE's Proxy-Authorization is the RFC 2617 (qop=auth) digest of the trunk's credentials for SIPp's challenge.</summary>
    private static void AssertDigestAnswersTheChallenge(string messages, string username, string password)
    {
        var line = messages.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("Proxy-Authorization: Digest ", StringComparison.Ordinal));
        var fields = DigestField().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value);
        Assert.Equal(username, fields["username"]);
        Assert.Equal("sipp.test", fields["realm"]);
        Assert.Equal("auth", fields["qop"]);
        var ha1 = Md5($"{username}:{fields["realm"]}:{password}");
        var ha2 = Md5($"INVITE:{fields["uri"]}");
        Assert.Equal(Md5($"{ha1}:{fields["nonce"]}:{fields["nc"]}:{fields["cnonce"]}:auth:{ha2}"), fields["response"]);
    }

    private static string Md5(string text) =>
#pragma warning disable CA5351 // SIP digest is MD5 by definition (RFC 2617); this only checks the appliance's answer.
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    [System.Text.RegularExpressions.GeneratedRegex(@"(\w+)=(?:""([^""]*)""|([^,\s]+))")]
    private static partial System.Text.RegularExpressions.Regex DigestField();

    [Fact]
    public async Task Invalid_numbers_a_missing_token_and_unknown_calls_get_4xx_json()
    {
        await using var appliance = StartWithTrunk(FreePort.Next());
        await appliance.WaitReadyAsync();

        var (status, body, response) = await SendAsync(appliance, HttpMethod.Post, "v1/calls", """{"to": "+15551234567"}""", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));

        (status, _, response) = await SendAsync(appliance, HttpMethod.Get, "v1/calls", token: "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        foreach (var (json, field) in new[]
        {
            ("""{"to": "555-1234"}""", "to"),
            ("""{"to": "+1555"}""", "to"),
            ("""{"to": "+15551234567", "trunk": "nope"}""", "trunk"),
            ("""{"to": "+15551234567", "agent": "nope"}""", "agent"),
            ("""{"to": "+15551234567", "headers": {"Contact": "x"}}""", "headers"),
        })
        {
            (status, body, _) = await SendAsync(appliance, HttpMethod.Post, "v1/calls", json);
            Assert.True(status == HttpStatusCode.BadRequest, $"{json}: {status} {body}");
            Assert.Equal(field, body.GetProperty("field").GetString());
        }

        (status, body, _) = await SendAsync(appliance, HttpMethod.Get, "v1/calls/unknown");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("id", body.GetProperty("field").GetString());
        Assert.DoesNotContain("Dialing", appliance.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_draining_new_calls_are_refused_with_503_json()
    {
        using var uas = SippUas.Start("uas_proxy_auth.xml");
        await using var appliance = StartWithTrunk(uas.Port, "--shutdown:drainTimeoutSeconds=30");
        await appliance.WaitReadyAsync();
        var (_, call, _) = await SendAsync(appliance, HttpMethod.Post, "v1/calls", """{"to": "+15551234567", "headers": {"X-Campaign": "spring-42"}}""");
        var id = call.GetProperty("id").GetString()!;
        await WaitForStateAsync(appliance, id, "answered");

        appliance.Signal(ApplianceProcess.SIGTERM);
        await appliance.Notify.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(10));

        var (status, body, response) = await SendAsync(appliance, HttpMethod.Post, "v1/calls", """{"to": "+15551234568"}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("draining", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);

        // The live call is not cut: hanging it up lets the drain finish.
        (status, _, _) = await SendAsync(appliance, HttpMethod.Delete, "v1/calls/" + Uri.EscapeDataString(id));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (await uas.Run).ExitCode);
        Assert.Equal(0, await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
