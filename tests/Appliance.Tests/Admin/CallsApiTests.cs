using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Calls;
using Appliance.Configuration;
using Appliance.Media.Session;

namespace Appliance.Tests.Admin;

/// <summary>The call API over real HTTP, in-process: authentication, validation, the request handed to call control, and the JSON it answers.</summary>
public sealed class CallsApiTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static void AssertError(JsonElement body, string? field)
    {
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        if (field is null)
        {
            Assert.False(body.TryGetProperty("field", out _));
        }
        else
        {
            Assert.Equal(field, body.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task A_valid_request_places_the_call_through_its_trunk_and_answers_201_with_the_call()
    {
        await using var host = await CallsApiHost.StartAsync();

        using var response = await host.Http.PostAsync("v1/calls", Json("""
            {"to": "+15551234567", "trunk": "carrier", "agent": "echo", "caller_id": "+15559990000",
             "variables": {"customer": "42"}, "headers": {"X-Campaign": "spring", "x-lead": "7"}}
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v1/calls/call-1%40127.0.0.1", response.Headers.Location?.OriginalString);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("call-1@127.0.0.1", body.GetProperty("id").GetString());
        Assert.Equal("outbound", body.GetProperty("direction").GetString());
        Assert.Equal("dialing", body.GetProperty("state").GetString());
        Assert.Equal("+15559990000", body.GetProperty("from").GetString());
        Assert.Equal("+15551234567", body.GetProperty("to").GetString());
        Assert.Equal("carrier", body.GetProperty("trunk").GetString());
        Assert.Equal("echo", body.GetProperty("agent").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("answered_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("outcome").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sip_status").ValueKind);

        var request = Assert.Single(host.Calls.Requests);
        Assert.Equal("sip:+15551234567@10.0.0.1:5070;user=phone", request.Target.RequestUri);
        Assert.Equal("+15559990000", request.Target.FromUser);
        Assert.Equal("sip.carrier.example", request.Target.FromHost);
        Assert.Null(request.Target.OutboundProxy);
        Assert.Equal("alice", request.Target.AuthUsername);
        Assert.Equal("pw", request.Target.AuthPassword);
        Assert.Equal([new("X-Campaign", "spring"), new("x-lead", "7")], request.Target.Headers);
        Assert.Equal("42", request.Variables["customer"]);
        Assert.Equal("echo", request.Route.Agent!.Name);
        Assert.Equal("carrier", request.Route.Trunk);
    }

    [Fact]
    public async Task A_number_goes_through_the_only_trunk_and_the_default_agent_when_none_is_named()
    {
        var config = new ApplianceConfig();
        config.Trunks["only"] = new TrunkConfig { Proxy = "sip:192.0.2.7", Username = "bob" };
        await using var host = await CallsApiHost.StartAsync(config: config);

        var (status, _) = await SendAsync(host.Http, HttpMethod.Post, "v1/calls", """{"to": "+15551234567"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var request = Assert.Single(host.Calls.Requests);
        Assert.Equal("sip:+15551234567@192.0.2.7:5060;user=phone", request.Target.RequestUri);
        Assert.Equal("bob", request.Target.FromUser);
        Assert.Null(request.Target.AuthUsername);
        Assert.Equal(config.DefaultAgent, request.Route.Agent!.Name);
    }

    [Theory]
    [InlineData("""{"to": "5551234567"}""", "to")]
    [InlineData("""{"to": "+1555"}""", "to")]
    [InlineData("""{"to": "+1555123456789012"}""", "to")]
    [InlineData("""{"to": "sip:bob@host>\r\nX-Evil: 1"}""", "to")]
    [InlineData("""{"to": "http://example.com"}""", "to")]
    [InlineData("""{}""", "to")]
    [InlineData("""{"to": "+15551234567"}""", "trunk")]
    [InlineData("""{"to": "+15551234567", "trunk": "nope"}""", "trunk")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "agent": "nope"}""", "agent")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "caller_id": "bob@evil"}""", "caller_id")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "headers": {"Via": "x"}}""", "headers")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "headers": {"X-Bad Name": "x"}}""", "headers")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "headers": {"X-Inject": "a\r\nVia: evil"}}""", "headers.X-Inject")]
    [InlineData("""{"to": "+15551234567", "trunk": "pbx", "variables": {"": "x"}}""", "variables")]
    [InlineData("""{"to": "+15551234567", "callerid": "+1555"}""", null)]
    [InlineData("""{"to": 15551234567}""", "to")]
    [InlineData("""{"to": "+15551234567",""", null)]
    [InlineData("""[]""", null)]
    public async Task Invalid_requests_get_400_naming_the_field_and_place_nothing(string json, string? field)
    {
        await using var host = await CallsApiHost.StartAsync();

        var (status, body) = await SendAsync(host.Http, HttpMethod.Post, "v1/calls", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        if (field is not null)
        {
            AssertError(body, field);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        }
        Assert.Empty(host.Calls.Requests);
    }

    [Fact]
    public async Task A_sip_uri_goes_through_a_named_tcp_trunk_as_a_loose_route()
    {
        await using var host = await CallsApiHost.StartAsync();

        var (status, _) = await SendAsync(host.Http, HttpMethod.Post, "v1/calls", """{"to": "sip:reception@pbx.example", "trunk": "pbx"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var target = Assert.Single(host.Calls.Requests).Target;
        Assert.Equal("sip:reception@pbx.example", target.RequestUri);
        Assert.Equal("sip:10.0.0.2;lr;transport=tcp", target.OutboundProxy);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_415()
    {
        await using var host = await CallsApiHost.StartAsync();

        using var response = await host.Http.PostAsync("v1/calls", new StringContent("to=+15551234567", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertError(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, null);
    }

    [Theory]
    [InlineData(null, "Bearer realm=\"appliance\"")]
    [InlineData("wrong-token", "Bearer realm=\"appliance\", error=\"invalid_token\"")]
    [InlineData("s3cret-tokenX", "Bearer realm=\"appliance\", error=\"invalid_token\"")]
    public async Task Without_the_right_token_every_route_answers_401_with_a_bearer_challenge(string? presented, string challenge)
    {
        await using var host = await CallsApiHost.StartAsync();
        host.Http.DefaultRequestHeaders.Authorization = presented is null ? null : new AuthenticationHeaderValue("Bearer", presented);

        foreach (var (method, path, json) in new[]
        {
            (HttpMethod.Post, "v1/calls", """{"to": "+15551234567", "trunk": "pbx"}"""),
            (HttpMethod.Get, "v1/calls", null),
            (HttpMethod.Get, "v1/calls/x", null),
            (HttpMethod.Delete, "v1/calls/x", null),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
            using var response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(challenge, response.Headers.WwwAuthenticate.ToString());
            AssertError(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, null);
        }
        Assert.Empty(host.Calls.Requests);
    }

    [Fact]
    public async Task With_no_token_configured_loopback_clients_may_use_the_api()
    {
        await using var host = await CallsApiHost.StartAsync(token: null);

        var (status, _) = await SendAsync(host.Http, HttpMethod.Post, "v1/calls", """{"to": "+15551234567", "trunk": "pbx"}""");

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Theory]
    [InlineData(DialRefusal.Draining, HttpStatusCode.ServiceUnavailable)]
    [InlineData(DialRefusal.AtCapacity, HttpStatusCode.ServiceUnavailable)]
    [InlineData(DialRefusal.NoMediaPorts, HttpStatusCode.ServiceUnavailable)]
    [InlineData(DialRefusal.Unreachable, HttpStatusCode.BadGateway)]
    public async Task A_call_that_cannot_be_attempted_gets_a_json_5xx(DialRefusal refusal, HttpStatusCode expected)
    {
        await using var host = await CallsApiHost.StartAsync();
        host.Calls.Refusal = refusal;

        using var response = await host.Http.PostAsync("v1/calls", Json("""{"to": "+15551234567", "trunk": "pbx"}"""));

        Assert.Equal(expected, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        if (expected == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        }
    }

    [Fact]
    public async Task Get_reads_a_call_with_its_outcome_and_rtp_counters_and_404s_an_unknown_one()
    {
        await using var host = await CallsApiHost.StartAsync();
        var created = FakeCallControl.Created;
        host.Calls.Calls["abc@host"] = new CallStatus
        {
            Id = "abc@host",
            Direction = Pipeline.Agents.CallDirection.Outbound,
            State = CallState.Ended,
            From = "+15550001111",
            To = "+15551234567",
            Trunk = "carrier",
            Agent = "echo",
            CreatedAt = created,
            AnsweredAt = created.AddSeconds(2),
            EndedAt = created.AddSeconds(14.5),
            Disposition = CallDisposition.NoAnswer,
            SipStatus = 200,
            SipReason = "OK",
            EndReason = CallEndReason.MediaTimeout,
            EndedByRemote = false,
            Codec = "PCMU",
            Media = new MediaSessionStatistics { PacketsSent = 600, BytesSent = 103200, PacketsReceived = 598, BytesReceived = 102856, PacketsLost = 2, Jitter = TimeSpan.FromMilliseconds(1.234) },
        };

        var (status, body) = await SendAsync(host.Http, HttpMethod.Get, "v1/calls/abc%40host");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ended", body.GetProperty("state").GetString());
        Assert.Equal("no_answer", body.GetProperty("outcome").GetString());
        Assert.Equal("media_timeout", body.GetProperty("end_reason").GetString());
        Assert.Equal("local", body.GetProperty("ended_by").GetString());
        Assert.Equal(200, body.GetProperty("sip_status").GetInt32());
        Assert.Equal(12.5, body.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(created.AddSeconds(2), body.GetProperty("answered_at").GetDateTimeOffset());
        var rtp = body.GetProperty("rtp");
        Assert.Equal(600, rtp.GetProperty("packets_sent").GetInt64());
        Assert.Equal(598, rtp.GetProperty("packets_received").GetInt64());
        Assert.Equal(2, rtp.GetProperty("packets_lost").GetInt64());
        Assert.Equal(1.23, rtp.GetProperty("jitter_ms").GetDouble());

        var (missing, error) = await SendAsync(host.Http, HttpMethod.Get, "v1/calls/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        AssertError(error, "id");
    }

    [Fact]
    public async Task Delete_hangs_up_and_answers_with_the_ended_call_and_list_shows_it()
    {
        await using var host = await CallsApiHost.StartAsync();
        var (_, created) = await SendAsync(host.Http, HttpMethod.Post, "v1/calls", """{"to": "+15551234567", "trunk": "pbx"}""");
        var id = created.GetProperty("id").GetString()!;

        var (status, body) = await SendAsync(host.Http, HttpMethod.Delete, "v1/calls/" + Uri.EscapeDataString(id));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([id], host.Calls.HungUp);
        Assert.Equal("ended", body.GetProperty("state").GetString());
        Assert.Equal("cancelled", body.GetProperty("outcome").GetString());

        var (listed, list) = await SendAsync(host.Http, HttpMethod.Get, "v1/calls");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(id, Assert.Single(list.GetProperty("calls").EnumerateArray()).GetProperty("id").GetString());

        var (missing, error) = await SendAsync(host.Http, HttpMethod.Delete, "v1/calls/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        AssertError(error, "id");
    }
}
