namespace Appliance.Hosting;

/// <summary>Something that holds live work (calls, registrations) and must wind down gracefully on shutdown.</summary>
public interface IDrainParticipant
{
    /// <summary>Refuse new work from now on; live work continues.</summary>
    void BeginDrain();

    /// <summary>Completes when no live work remains.</summary>
    Task WaitIdleAsync(CancellationToken cancellationToken);

    /// <summary>The grace period is over: end whatever is still live.</summary>
    Task AbortAsync(CancellationToken cancellationToken);
}
