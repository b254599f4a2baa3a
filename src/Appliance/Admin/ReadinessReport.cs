using Appliance.Hosting;
using Appliance.Sip.Registration;

namespace Appliance.Admin;

/// <summary>The /readyz body: the lifecycle phase and, per registering trunk, where its binding stands.</summary>
internal sealed record ReadinessReport(string Status, Dictionary<string, TrunkReadiness> Trunks)
{
    public static ReadinessReport From(LifecyclePhase phase, IReadOnlyList<SipRegistration> registrations)
    {
        var trunks = new Dictionary<string, TrunkReadiness>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            trunks[registration.Name] = new TrunkReadiness(
                registration.State.ToString().ToLowerInvariant(), registration.Contact, registration.ExpiresAt, registration.LastError);
        }
        return new ReadinessReport(phase.ToString().ToLowerInvariant(), trunks);
    }
}

/// <summary>One trunk's registration as an operator sees it.</summary>
internal sealed record TrunkReadiness(string State, string Contact, DateTimeOffset? ExpiresAt, string? LastError);
