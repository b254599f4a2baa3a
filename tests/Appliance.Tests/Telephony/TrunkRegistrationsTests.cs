using System.Diagnostics.Metrics;
using System.Text;
using Appliance.Configuration;
using Appliance.Sip.Message;
using Appliance.Sip.Registration;
using Appliance.Sip.UserAgent;
using Appliance.Telephony;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Tests.Telephony;

public sealed class TrunkRegistrationsTests
{
    /// <summary>Answers every REGISTER 200 OK at once, echoing the request's dialog headers.</summary>
    private sealed class AcceptingRegistrar : ISipRequestChannel
    {
        public List<string> Requests { get; } = [];

        public Task<SipRequestOutcome> SendAsync(ReadOnlyMemory<byte> request, SipDestination destination, CancellationToken cancellationToken)
        {
            var text = Encoding.UTF8.GetString(request.Span);
            Requests.Add(text);
            var response = new StringBuilder("SIP/2.0 200 OK\r\n");
            foreach (var line in text.Split("\r\n"))
            {
                if (line.StartsWith("Via:", StringComparison.Ordinal) || line.StartsWith("From:", StringComparison.Ordinal)
                    || line.StartsWith("Call-ID:", StringComparison.Ordinal) || line.StartsWith("CSeq:", StringComparison.Ordinal))
                {
                    response.Append(line).Append("\r\n");
                }
                else if (line.StartsWith("To:", StringComparison.Ordinal))
                {
                    response.Append(line).Append(";tag=r\r\n");
                }
            }
            response.Append("Expires: 60\r\nContent-Length: 0\r\n\r\n");
            var message = new SipMessage();
            Assert.Equal(SipParseError.None, message.Parse(Encoding.UTF8.GetBytes(response.ToString())));
            return Task.FromResult(new SipRequestOutcome(message, null));
        }

        public ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, SipDestination destination, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Registers_each_trunk_with_a_registrar_at_the_listener_of_its_transport_and_publishes_its_state()
    {
        var config = new ApplianceConfig();
        config.Trunks["kam"] = new TrunkConfig { Registrar = "sip:127.0.0.1:5080", Username = "alice", Transport = "tcp" };
        config.Trunks["static"] = new TrunkConfig { SourceAddresses = ["192.0.2.0/24"] };
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using var trunks = new TrunkRegistrations(config, new ResolvedSecrets(), time, NullLoggerFactory.Instance);
        var registrar = new AcceptingRegistrar();

        var observed = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TrunkRegistrations.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => observed[$"{instrument.Name}/{tags[0].Value}"] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => observed[$"{instrument.Name}/{tags[0].Value}"] = value);
        listener.Start();

        trunks.Start(registrar, [new SipAdvertisedAddress("UDP", "198.51.100.1", 5060), new SipAdvertisedAddress("TCP", "198.51.100.1", 5062)]);

        var registration = Assert.Single(trunks.Registrations);
        Assert.Equal("kam", registration.Name);
        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal("198.51.100.1:5062", registration.Contact);
        Assert.Contains("REGISTER sip:127.0.0.1:5080 SIP/2.0", registrar.Requests[0], StringComparison.Ordinal);
        Assert.Contains("SIP/2.0/TCP 198.51.100.1:5062", registrar.Requests[0], StringComparison.Ordinal);

        listener.RecordObservableInstruments();
        Assert.Equal(1, observed["appliance.sip.registration.registered/kam"]);
        Assert.Equal(1, observed["appliance.sip.registration.successes/kam"]);
        Assert.Equal(0, observed["appliance.sip.registration.failures/kam"]);
        Assert.Equal(1_800_000_060, observed["appliance.sip.registration.expires_at/kam"]);

        await trunks.StopAsync(CancellationToken.None);
        Assert.Contains("Expires: 0", registrar.Requests[^1], StringComparison.Ordinal);
        listener.RecordObservableInstruments();
        Assert.Equal(0, observed["appliance.sip.registration.registered/kam"]);
    }
}
