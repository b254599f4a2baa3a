using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Interop.Tests.Infrastructure;

namespace Appliance.Interop.Tests.Trunks;

/// <summary>The appliance registers a trunk at a real registrar (Kamailio with digest auth) and takes calls through it.</summary>
[Collection(InteropCollection.Name)]
public sealed partial class RegistrationTests
{
    private static ApplianceProcess StartRegistering(KamailioProcess kamailio, string password, params string[] extra) => ApplianceProcess.Start(
        [
            $"--trunks:kam:registrar=sip:127.0.0.1:{kamailio.Port}",
            "--trunks:kam:username=alice",
            "--trunks:kam:password:env=KAM_PW",
            "--trunks:kam:expiresSeconds=10",
            .. extra,
        ],
        new Dictionary<string, string> { ["KAM_PW"] = password });

    [Fact]
    public async Task Registers_reports_it_and_answers_calls_routed_by_the_registrar()
    {
        await using var kamailio = await KamailioProcess.StartAsync("kamailio-registrar.cfg");
        await using var appliance = StartRegistering(kamailio, "secret123", "--defaultAgent=echo");
        await appliance.WaitReadyAsync();

        var trunk = await WaitForTrunkAsync(appliance, t => t.GetProperty("state").GetString() == "registered", TimeSpan.FromSeconds(10));
        Assert.Equal($"127.0.0.1:{appliance.SipPort}", trunk.GetProperty("contact").GetString());
        Assert.Equal(JsonValueKind.Null, trunk.GetProperty("lastError").ValueKind);
        var expiresAt = trunk.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11));

        var metrics = await appliance.Http.GetStringAsync("metrics");
        Assert.Contains("appliance_sip_registration_registered{trunk=\"kam\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("appliance_sip_registration_expires_at_seconds{trunk=\"kam\"} ", metrics, StringComparison.Ordinal);

        // Kamailio holds the binding: a call to alice at the registrar reaches the appliance and is answered.
        var call = await Sipp.RunAsync(appliance, Sipp.TrunkScenario("uac_via_proxy.xml"), SipTransport.Udp, remotePort: kamailio.Port, service: "alice");
        Assert.True(call.ExitCode == 0, $"call through Kamailio failed:\n{call.Output}\n--- kamailio ---\n{kamailio.Log}");

        // Graceful shutdown removes the binding.
        appliance.Signal(ApplianceProcess.SIGTERM);
        Assert.Equal(0, await appliance.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("Trunk kam unregistered (ok)", appliance.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refreshes_before_the_binding_expires()
    {
        await using var kamailio = await KamailioProcess.StartAsync("kamailio-registrar.cfg");
        await using var appliance = StartRegistering(kamailio, "secret123");
        await appliance.WaitReadyAsync();
        var first = (await WaitForTrunkAsync(appliance, t => t.GetProperty("state").GetString() == "registered", TimeSpan.FromSeconds(10)))
            .GetProperty("expiresAt").GetDateTimeOffset();

        // Granted 10 s, refreshed at min(80 %, expiry − 5 s) = 5 s: the second registration lands well inside the first's lifetime.
        var refreshed = await WaitForTrunkAsync(appliance, t => t.GetProperty("expiresAt").ValueKind == JsonValueKind.String
            && t.GetProperty("expiresAt").GetDateTimeOffset() > first, TimeSpan.FromSeconds(9));
        Assert.Equal("registered", refreshed.GetProperty("state").GetString());
        Assert.True(DateTimeOffset.UtcNow < first, "the refresh came after the first binding had lapsed");
        Assert.True(await MetricAsync(appliance, "appliance_sip_registration_successes_total{trunk=\"kam\"}") >= 2, appliance.Output);
        Assert.True(RegisteredAs().Count(appliance.Output) >= 2, appliance.Output);
    }

    [Fact]
    public async Task Wrong_password_is_reported_and_retried_with_backoff()
    {
        await using var kamailio = await KamailioProcess.StartAsync("kamailio-registrar.cfg");
        await using var appliance = StartRegistering(kamailio, "not-the-password");
        await appliance.WaitReadyAsync();

        var trunk = await WaitForTrunkAsync(appliance, t => t.GetProperty("state").GetString() == "failed", TimeSpan.FromSeconds(10));
        Assert.Contains("credentials rejected", trunk.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, trunk.GetProperty("expiresAt").ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await appliance.Http.GetAsync("readyz")).StatusCode);

        // Backoff starts in [1 s, 2 s] and doubles: 4 s holds at most a handful of attempts, never a tight loop.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var failures = await MetricAsync(appliance, "appliance_sip_registration_failures_total{trunk=\"kam\"}");
        Assert.InRange(failures, 2, 5);
        Assert.Equal(0, await MetricAsync(appliance, "appliance_sip_registration_registered{trunk=\"kam\"}"));
        var retries = RetryIn().Matches(appliance.Output);
        Assert.NotEmpty(retries);
        Assert.All(retries, m => Assert.True(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= 1.0, m.Value));
        Assert.Contains("credentials rejected (check username and password)", appliance.Output, StringComparison.Ordinal);
    }

    /// <summary>Polls /readyz until the trunk "kam" satisfies the condition; fails with the last body otherwise.</summary>
    private static async Task<JsonElement> WaitForTrunkAsync(ApplianceProcess appliance, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var body = "";
        while (DateTime.UtcNow < deadline)
        {
            body = await appliance.Http.GetStringAsync("readyz");
            using var document = JsonDocument.Parse(body);
            Assert.Equal("ready", document.RootElement.GetProperty("status").GetString());
            if (document.RootElement.GetProperty("trunks").TryGetProperty("kam", out var trunk) && condition(trunk))
            {
                return trunk.Clone();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"trunk condition not met; last /readyz: {body}\n{appliance.Output}");
    }

    private static async Task<double> MetricAsync(ApplianceProcess appliance, string series)
    {
        var metrics = await appliance.Http.GetStringAsync("metrics");
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"{series} not in /metrics:\n{metrics}");
    }

    [GeneratedRegex(@"Trunk kam registered as ")]
    private static partial Regex RegisteredAs();

    [GeneratedRegex(@"retry in (\d+(?:\.\d+)?) s")]
    private static partial Regex RetryIn();
}
